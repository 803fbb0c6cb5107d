import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { POST_ANALYZER } from '../analysis/analyzer.js';
import { createAnalyzer } from '../analysis/sentiment-analyzer.js';
import { CLOCK, systemClock, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';

/** Things made before Nest starts (config, logger, the opened database) and shared by every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger, db: Database, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Database, useValue: db },
        { provide: POST_ANALYZER, useValue: createAnalyzer() },
        { provide: CLOCK, useValue: clock },
        EventBus,
      ],
      exports: [APP_CONFIG, LOGGER, Database, POST_ANALYZER, EventBus, CLOCK],
    };
  }
}
