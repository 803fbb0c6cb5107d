import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [IngestModule, ProgramsModule, RollupsModule], providers: [DemoService] })
export class DemoModule {}
