import { Module } from '@nestjs/common';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { ReportsService } from './reports.service.js';

/** Incidents, their timeline and their reports (PDF, CSV, Markdown, JSON). */
@Module({
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService, ReportsService],
  exports: [IncidentsService, ReportsService],
})
export class IncidentsModule {}
