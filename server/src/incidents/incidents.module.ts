import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { ReportsService } from './reports.service.js';

/** Incidents, their timeline and their reports (PDF, CSV, Markdown, JSON). */
@Module({
  imports: [MetricsModule],
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService, ReportsService],
  exports: [IncidentsService, ReportsService],
})
export class IncidentsModule {}
