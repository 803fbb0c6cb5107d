import { Module } from '@nestjs/common';
import { SettingsRepository } from './settings.repository.js';

/** A small key-value store (`app_settings`) for values generated once and shared by instances. */
@Module({ providers: [SettingsRepository], exports: [SettingsRepository] })
export class SettingsModule {}
