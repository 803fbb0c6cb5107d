import 'reflect-metadata';
import { StandardSchemaValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { GlobalExceptionFilter } from '../common/exception.filter.js';
import { translateDatabaseError } from '../database/errors.js';
import { createLogger } from '../common/logger.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { LiveIoAdapter } from '../realtime/live-io.adapter.js';
import { AppModule } from './app.module.js';
import { setupHttp } from './http-setup.js';

class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
}

export interface CreateAppOptions {
  logger?: Logger;
  /** An in-memory PGlite (tests). */
  inMemory?: boolean;
  /** The in-memory PGlite's starting data directory (tests: a migrated template). */
  seed?: Blob;
  /** A fake clock for lifecycle timers (tests). */
  clock?: Clock;
}

export interface SiagaApp {
  app: NestExpressApplication;
  db: Database;
  logger: Logger;
  /** Stops taking requests, lets in-flight batches commit, then closes the database. */
  close(): Promise<void>;
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<SiagaApp> {
  const logger = options.logger ?? createLogger(config);
  const db = await Database.open(config, { owner: 'siaga server', inMemory: options.inMemory, seed: options.seed });
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger, db, options.clock), {
      bodyParser: false,
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    setupHttp(app, logger, config.staticDir, config.trustProxy, config.ingestMaxInFlight);
    app.useGlobalPipes(
      new StandardSchemaValidationPipe({
        exceptionFactory: (issues) =>
          new AppError(
            'validation_failed',
            issues.map((i) => `${i.path?.length ? `${i.path.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.')}: ` : ''}${i.message}`).join('; '),
            issues.map((i) => ({ path: (i.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.'), message: i.message })),
          ),
      }),
    );
    app.useGlobalFilters(new GlobalExceptionFilter(logger, translateDatabaseError));
    // Socket.IO (/live) on the same HTTP server; through Redis across instances when REDIS_URL is set.
    app.useWebSocketAdapter(await LiveIoAdapter.create(app));
    await app.init();
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      logger,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await db.close();
        })()),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
