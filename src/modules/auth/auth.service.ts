import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-errors.js';
import type { LoginDto, LoginResult } from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionsService, type SessionOrigin } from './sessions.service.js';
import { toUserView } from './user-view.js';
import { UsersRepository } from './users.repository.js';

// One answer for an unknown e-mail, a wrong password and a disabled account.
const badCredentials = (): AppError => new AppError(401, '邮箱或密码错误 / wrong e-mail or password');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
  ) {}

  async login(dto: LoginDto, origin: SessionOrigin & { address: string }): Promise<LoginResult> {
    const email = dto.email.trim().toLowerCase();
    // Counted before the password is checked: a burst of guesses cannot outrun the limit.
    const attempt = await this.throttle.admit(email, origin.address);
    const cred = await this.users.credentials(email);
    const ok = cred
      ? (await this.passwords.verify(cred.passwordHash, dto.password)) && cred.active
      : await this.passwords.verifyAgainstNothing(dto.password);
    await attempt.settle(Boolean(ok && cred));
    if (!ok || !cred) throw badCredentials();
    const user = await this.users.findById(cred.id);
    if (!user) throw badCredentials();
    const session = await this.sessions.issue(user.id, user.tokenVersion, origin);
    return { accessToken: session.token, tokenType: 'Bearer', expiresIn: session.expiresIn, user: toUserView(user) };
  }
}
