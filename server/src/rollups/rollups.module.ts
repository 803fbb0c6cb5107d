import { Module } from '@nestjs/common';
import { RollupsRepository } from './rollups.repository.js';
import { RollupsService } from './rollups.service.js';

/** Per-minute rollups and their author sketches: one writer, one event after every change. */
@Module({ providers: [RollupsRepository, RollupsService], exports: [RollupsService] })
export class RollupsModule {}
