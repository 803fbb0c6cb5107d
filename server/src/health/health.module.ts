import { Module } from '@nestjs/common';
import { DocsController } from '../docs/docs.controller.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ controllers: [HealthController, DocsController], providers: [HealthService] })
export class HealthModule {}
