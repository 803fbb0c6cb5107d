import { Module } from '@nestjs/common';
import { LeasesModule } from '../leases/leases.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { IncidentRelay } from './incident-relay.js';
import { LiveBroadcaster } from './live-broadcaster.js';
import { LiveRedis } from './live-redis.js';
import { LiveGateway } from './live.gateway.js';
import { LiveRepository } from './live.repository.js';
import { LiveService } from './live.service.js';

/** Live updates over Socket.IO (`/live`): alerts, escalations, incidents, metrics and a sample of posts. */
@Module({
  imports: [SettingsModule, LeasesModule],
  providers: [LiveRedis, LiveRepository, LiveService, LiveBroadcaster, LiveGateway, IncidentRelay],
})
export class RealtimeModule {}
