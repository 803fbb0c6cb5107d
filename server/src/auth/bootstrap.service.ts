import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { IngestKeysService } from './ingest-keys.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** First start: an admin account (and the configured ingest key) so that the product is usable. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly usersRepo: UsersRepository,
    private readonly users: UsersService,
    private readonly keys: IngestKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.usersRepo.count()) === 0) {
      const generated = this.config.admin.password === undefined;
      const password = this.config.admin.password ?? randomBytes(12).toString('base64url');
      try {
        await this.users.create(null, { email: this.config.admin.email, name: 'Administrator', role: 'admin', password });
        if (generated) {
          // Printed once, on stderr, outside the JSON log stream, so it is not kept in log stores.
          process.stderr.write(
            `\n  Siaga: first start, an admin account was created.\n    email:    ${this.config.admin.email}\n    password: ${password}\n  Change it after logging in (or set SIAGA_ADMIN_PASSWORD before the first start).\n\n`,
          );
        }
        this.logger.info({ email: this.config.admin.email }, 'created the first admin account');
      } catch (err) {
        // A configured password too easy to guess stops the start, naming the variable to fix.
        if (err instanceof AppError && err.code === 'validation_failed') throw new Error(`SIAGA_ADMIN_PASSWORD: ${err.message}`, { cause: err });
        // Another instance created it at the same moment.
        if ((await this.usersRepo.count()) === 0) throw err;
      }
    }
    if (this.config.ingestKey) await this.keys.ensure(this.config.ingestKey);
  }
}
