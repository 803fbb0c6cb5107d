import { Module } from '@nestjs/common';
import { StatisticsRepository } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';

/** Database upkeep that neither engine can be trusted to do alone: planner statistics. */
@Module({
  providers: [StatisticsRepository, StatisticsService],
  exports: [StatisticsService],
})
export class MaintenanceModule {}
