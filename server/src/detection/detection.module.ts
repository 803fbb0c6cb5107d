import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module.js';
import { DetectionController } from './detection.controller.js';
import { DetectionRepository } from './detection.repository.js';
import { DetectionService } from './detection.service.js';

@Module({ imports: [ProgramsModule], controllers: [DetectionController], providers: [DetectionRepository, DetectionService], exports: [DetectionService] })
export class DetectionModule {}
