import { Module } from '@nestjs/common';
import { LeasesModule } from '../leases/leases.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { BandService } from './band.service.js';
import { DetectionController } from './detection.controller.js';
import { DetectionRelay } from './detection-relay.js';
import { DetectionRepository } from './detection.repository.js';
import { DetectionService } from './detection.service.js';

@Module({ imports: [ProgramsModule, LeasesModule, SettingsModule], controllers: [DetectionController], providers: [DetectionRepository, DetectionRelay, DetectionService, BandService], exports: [DetectionService] })
export class DetectionModule {}
