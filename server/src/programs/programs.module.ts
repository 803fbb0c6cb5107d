import { Module } from '@nestjs/common';
import { RollupsRepository } from '../ingest/rollups.repository.js';
import { BackfillService } from './backfill.service.js';
import { ProgramsController } from './programs.controller.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService } from './programs.service.js';

@Module({
  controllers: [ProgramsController],
  providers: [ProgramsRepository, ProgramsService, BackfillService, RollupsRepository],
  exports: [ProgramsRepository, ProgramsService, BackfillService, RollupsRepository],
})
export class ProgramsModule {}
