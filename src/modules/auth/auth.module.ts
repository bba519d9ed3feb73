import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { JwtKeyEntity } from './jwt-key.entity.js';
import { JwtKeysService } from './jwt-keys.service.js';
import { LoginKnownAddressEntity } from './login-known-address.entity.js';
import { SessionEntity } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity, JwtKeyEntity, LoginKnownAddressEntity])],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordService,
    LoginThrottleService,
    SessionsService,
    JwtKeysService,
    UsersRepository,
    AdminBootstrapService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [UsersRepository, PasswordService, SessionsService, AdminBootstrapService, AuthGuard],
})
export class AuthModule {}
