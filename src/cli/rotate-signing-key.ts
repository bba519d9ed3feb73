// `npm run auth:rotate-key`: makes a new token signing key for an install without JWT_SECRET and retires the old
// one. Sessions signed with the old key stay valid until they expire; every API process signs with the new key
// within a minute. (With JWT_SECRET set, rotate by changing it: every session then ends.)
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { rotateSigningKey } from '../modules/auth/jwt-keys.service.js';

const config = loadConfigOrExit();
if (config.jwt.secret) {
  process.stderr.write(
    'JWT_SECRET is set: tokens are signed with it, not with the install’s own keys. Rotate by changing JWT_SECRET ' +
      '(every session ends) / 已设置 JWT_SECRET：请更换该值来轮换密钥（所有会话将失效）\n',
  );
  process.exit(64);
}
const ds = new DataSource(dataSourceOptions(config));
await ds.initialize();
try {
  const kid = await rotateSigningKey(ds);
  process.stdout.write(
    `new signing key ${kid}; the old one verifies existing sessions until they expire (${config.jwt.expiresInSeconds} s) / ` +
      `已生成新的签名密钥，旧密钥签发的会话在过期前仍然有效\n`,
  );
} finally {
  await ds.destroy();
}
