import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { LoginRequest, LogoutRequest, RefreshRequest, type TokenPair, type UserSummary } from '@siaga/shared';
import type { Request } from 'express';
import { CurrentUser, MinRole, Public, type Principal } from './access.decorators.js';
import { AuthService } from './auth.service.js';

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body({ schema: LoginRequest }) body: LoginRequest, @Req() req: Request): Promise<TokenPair> {
    return this.auth.login(body, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  refresh(@Body({ schema: RefreshRequest }) body: RefreshRequest): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  logout(@Body({ schema: LogoutRequest }) body: LogoutRequest): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @MinRole('viewer')
  me(@CurrentUser() user: Principal): UserSummary {
    return user;
  }
}
