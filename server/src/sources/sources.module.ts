import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { LeasesModule } from '../leases/leases.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { SourceAlerts } from './source-alerts.js';
import { SourceHealthService } from './source-health.service.js';
import { SourceRunner } from './source-runner.service.js';
import { SourceSecrets } from './source-secrets.service.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';

/** Live sources: the registry, the connectors that collect by themselves, and source health. */
@Module({
  imports: [IngestModule, ProgramsModule, SettingsModule, AlertsModule, LeasesModule],
  controllers: [SourcesController],
  providers: [SourcesRepository, SourcesService, SourceRunner, SourceSecrets, SourceHealthService, SourceAlerts],
  exports: [SourcesService],
})
export class SourcesModule {}
