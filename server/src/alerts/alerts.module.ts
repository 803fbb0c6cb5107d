import { Module } from '@nestjs/common';
import { LeasesModule } from '../leases/leases.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { LifecycleService } from './lifecycle.service.js';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsRepository } from './notification-settings.repository.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  imports: [ProgramsModule, LeasesModule],
  controllers: [AlertsController, NotificationSettingsController],
  providers: [AlertsRepository, AlertsService, DeliveriesRepository, NotificationSettingsRepository, NotificationSettingsService, NotificationsService, LifecycleService],
  exports: [AlertsService, LifecycleService, NotificationsService],
})
export class AlertsModule {}
