import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [IngestModule, ProgramsModule], providers: [DemoService] })
export class DemoModule {}
