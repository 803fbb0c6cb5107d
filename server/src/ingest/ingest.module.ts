import { Module } from '@nestjs/common';
import { OfficialChannelsModule } from '../official-channels/official-channels.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';
import { PostsWriterRepository } from './posts-writer.repository.js';

@Module({
  imports: [ProgramsModule, RollupsModule, OfficialChannelsModule],
  controllers: [IngestController],
  providers: [IngestService, PostsWriterRepository],
  exports: [IngestService],
})
export class IngestModule {}
