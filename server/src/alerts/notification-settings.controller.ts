import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CreateWebhook, EscalationPolicy, NotificationPreferencesUpdate, SnoozeProgram, type NotificationPreferences, UpdateWebhook, Uuid, type Webhook, type WebhookCreated, type WebhookTestResult } from '@siaga/shared';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { NotificationSettingsService } from './notification-settings.service.js';

@Controller('api')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get('programs/:id/escalation-policy')
  @MinRole('viewer')
  policy(@Param('id', { schema: Uuid }) id: string): Promise<EscalationPolicy> {
    return this.settings.policy(id);
  }

  @Put('programs/:id/escalation-policy')
  @MinRole('supervisor')
  setPolicy(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: EscalationPolicy }) body: EscalationPolicy): Promise<EscalationPolicy> {
    return this.settings.setPolicy(actor, id, body);
  }

  @Get('programs/:id/snooze')
  @MinRole('viewer')
  snoozeOf(@Param('id', { schema: Uuid }) id: string) {
    return this.settings.snoozeOf(id);
  }

  /** Silences a program's new alerts for a period (e.g. an announced policy change). */
  @Put('programs/:id/snooze')
  @MinRole('analyst')
  snooze(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: SnoozeProgram }) body: SnoozeProgram) {
    return this.settings.snooze(actor, id, body);
  }

  @Delete('programs/:id/snooze')
  @MinRole('analyst')
  @HttpCode(204)
  unsnooze(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<void> {
    return this.settings.unsnooze(actor, id);
  }

  @Get('me/notification-preferences')
  @MinRole('viewer')
  preferences(@CurrentUser() user: Principal): Promise<NotificationPreferences> {
    return this.settings.preferences(user);
  }

  @Put('me/notification-preferences')
  @MinRole('viewer')
  setPreferences(@CurrentUser() user: Principal, @Body({ schema: NotificationPreferencesUpdate }) body: NotificationPreferencesUpdate): Promise<NotificationPreferences> {
    return this.settings.setPreferences(user, body);
  }

  @Get('webhooks')
  @MinRole('admin')
  webhooks(): Promise<Webhook[]> {
    return this.settings.webhooks();
  }

  @Post('webhooks')
  @MinRole('admin')
  createWebhook(@CurrentUser() actor: Principal, @Body({ schema: CreateWebhook }) body: CreateWebhook): Promise<WebhookCreated> {
    return this.settings.createWebhook(actor, body);
  }

  @Patch('webhooks/:id')
  @MinRole('admin')
  updateWebhook(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateWebhook }) body: UpdateWebhook): Promise<Webhook> {
    return this.settings.updateWebhook(actor, id, body);
  }

  /** Sends one signed `webhook.test` event now and answers what the receiver said. */
  @Post('webhooks/:id/test')
  @MinRole('admin')
  @HttpCode(200)
  testWebhook(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<WebhookTestResult> {
    return this.settings.testWebhook(actor, id);
  }

  @Delete('webhooks/:id')
  @MinRole('admin')
  @HttpCode(204)
  deleteWebhook(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<void> {
    return this.settings.deleteWebhook(actor, id);
  }
}
