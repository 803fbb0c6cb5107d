import { Module } from '@nestjs/common';
import { RollupsRepository } from '../ingest/rollups.repository.js';
import { PostsModule } from '../posts/posts.module.js';
import { BackfillService } from './backfill.service.js';
import { ProgramPreviewService } from './preview.service.js';
import { ProgramsController } from './programs.controller.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService } from './programs.service.js';

@Module({
  imports: [PostsModule],
  controllers: [ProgramsController],
  providers: [ProgramsRepository, ProgramsService, ProgramPreviewService, BackfillService, RollupsRepository],
  exports: [ProgramsRepository, ProgramsService, BackfillService, RollupsRepository],
})
export class ProgramsModule {}
