import { Module } from '@nestjs/common';
import { RollupsModule } from '../rollups/rollups.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { BackfillService } from './backfill.service.js';
import { ProgramPreviewService } from './preview.service.js';
import { ProgramsController } from './programs.controller.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService } from './programs.service.js';

@Module({
  imports: [PostsModule, RollupsModule],
  controllers: [ProgramsController],
  providers: [ProgramsRepository, ProgramsService, ProgramPreviewService, BackfillService],
  exports: [ProgramsRepository, ProgramsService, BackfillService],
})
export class ProgramsModule {}
