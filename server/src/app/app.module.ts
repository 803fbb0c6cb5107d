import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AlertsModule } from '../alerts/alerts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import type { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { DemoModule } from '../demo/demo.module.js';
import { DetectionModule } from '../detection/detection.module.js';
import { DigestsModule } from '../digests/digests.module.js';
import { HealthModule } from '../health/health.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { RetentionModule } from '../retention/retention.module.js';
import { SentimentModule } from '../sentiment/sentiment.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { CoreModule } from './core.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, db: Database, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger, db, clock),
        AuditModule,
        AuthModule,
        ProgramsModule,
        IngestModule,
        PostsModule,
        AccountsModule,
        MetricsModule,
        SentimentModule,
        AlertsModule,
        IncidentsModule,
        SourcesModule,
        DigestsModule,
        RetentionModule,
        MaintenanceModule,
        DetectionModule,
        RealtimeModule,
        HealthModule,
        DemoModule,
      ],
    };
  }
}
