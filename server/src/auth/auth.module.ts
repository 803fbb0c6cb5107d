import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SettingsModule } from '../settings/settings.module.js';
import { AccessGuard } from './auth.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BootstrapService } from './bootstrap.service.js';
import { IngestKeysController } from './ingest-keys.controller.js';
import { IngestKeysRepository } from './ingest-keys.repository.js';
import { IngestKeysService } from './ingest-keys.service.js';
import { LoginLimiter } from './login-limiter.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokenService } from './token.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Global()
@Module({
  imports: [SettingsModule],
  controllers: [AuthController, UsersController, IngestKeysController],
  providers: [
    TokenService,
    UsersRepository,
    UsersService,
    SessionsRepository,
    LoginLimiter,
    AuthService,
    IngestKeysRepository,
    IngestKeysService,
    BootstrapService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, TokenService, UsersService],
})
export class AuthModule {}
