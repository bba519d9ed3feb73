import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// argon2id with @node-rs/argon2's defaults (m=19456 KiB, t=2, p=1): the OWASP minimum, about 15 ms here.
@Injectable()
export class PasswordService {
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so an unknown e-mail cannot be told from a wrong password. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummy ??= hash('techmatch-timing-equaliser');
    await this.verify(await this.dummy, password);
    return false;
  }
}
