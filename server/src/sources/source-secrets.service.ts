import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import { SecretBox } from './secret-box.js';

/** The key sources' secrets are sealed with: SIAGA_SECRET_KEY, else one generated and stored once (like the JWT secret). */
@Injectable()
export class SourceSecrets {
  private box: Promise<SecretBox> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  private get(): Promise<SecretBox> {
    this.box ??= (async () => new SecretBox(this.config.secretKey ?? (await this.settings.getOrCreate('sources_secret_key', randomBytes(32).toString('base64url')))))();
    return this.box;
  }

  async seal(plain: string): Promise<string> {
    return (await this.get()).seal(plain);
  }

  async open(sealed: string | null): Promise<string | null> {
    return sealed === null ? null : (await this.get()).open(sealed);
  }
}
