import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { LiveBroadcaster } from './live-broadcaster.js';
import { LiveRedis } from './live-redis.js';
import { LiveGateway } from './live.gateway.js';
import { LiveRepository } from './live.repository.js';
import { LiveService } from './live.service.js';

/** Live updates over Socket.IO (`/live`): alerts, escalations, metrics and a sample of posts. */
@Module({
  imports: [SettingsModule],
  providers: [LiveRedis, LiveRepository, LiveService, LiveBroadcaster, LiveGateway],
})
export class RealtimeModule {}
