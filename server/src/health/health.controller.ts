import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Health } from '@siaga/shared';
import type { Response } from 'express';
import { register } from 'prom-client';
import { Public } from '../auth/access.decorators.js';
import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('api/health')
  @Public()
  async check(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const h = await this.health.check();
    if (h.status !== 'ok') res.status(503);
    return h;
  }

  @Get('metrics')
  @Public()
  @Header('content-type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
