import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { WhoWhereRepository } from './who-where.repository.js';
import { WhoWhereService } from './who-where.service.js';

@Module({
  imports: [ProgramsModule, PostsModule],
  controllers: [MetricsController],
  providers: [MetricsRepository, MetricsService, WhoWhereRepository, WhoWhereService],
  // Incident reports rank accounts through the same service.
  exports: [WhoWhereService],
})
export class MetricsModule {}
