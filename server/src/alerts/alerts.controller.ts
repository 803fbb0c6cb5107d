import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AddAlertNote, AlertAction, AlertsQuery, AssignAlert, ListQuery, Uuid, type Alert, type AlertCounts, type AlertDetail, type Assignee, type Delivery, type Page } from '@siaga/shared';
import { z } from 'zod';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { AlertsService } from './alerts.service.js';
import { NotificationSettingsService } from './notification-settings.service.js';

const AlertsListQuery = ListQuery.extend(AlertsQuery.shape);

@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly settings: NotificationSettingsService,
  ) {}

  @Get()
  @MinRole('viewer')
  list(@Query({ schema: AlertsListQuery }) q: z.infer<typeof AlertsListQuery>): Promise<Page<Alert>> {
    const { limit, cursor, ...filter } = q;
    return this.alerts.list(filter, limit, cursor);
  }

  // Declared before ':id' so that Express tries it first.
  @Get('counts')
  @MinRole('viewer')
  counts(): Promise<AlertCounts> {
    return this.alerts.counts();
  }

  /** Whom an alert can be given to: the assign picker of supervisors and admins. */
  @Get('assignees')
  @MinRole('supervisor')
  assignees(): Promise<Assignee[]> {
    return this.alerts.assignees();
  }

  @Get(':id')
  @MinRole('viewer')
  get(@Param('id', { schema: Uuid }) id: string): Promise<AlertDetail> {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  @MinRole('analyst')
  @HttpCode(200)
  acknowledge(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AlertAction }) body: AlertAction): Promise<Alert> {
    return this.alerts.acknowledge(actor, id, body);
  }

  @Post(':id/resolve')
  @MinRole('analyst')
  @HttpCode(200)
  resolve(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AlertAction }) body: AlertAction): Promise<Alert> {
    return this.alerts.resolve(actor, id, body);
  }

  @Post(':id/assign')
  @MinRole('analyst')
  @HttpCode(200)
  assign(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AssignAlert }) body: AssignAlert): Promise<Alert> {
    return this.alerts.assign(actor, id, body.userId);
  }

  @Post(':id/notes')
  @MinRole('analyst')
  @HttpCode(200)
  note(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AddAlertNote }) body: AddAlertNote): Promise<Alert> {
    return this.alerts.addNote(actor, id, body);
  }

  @Get(':id/deliveries')
  @MinRole('analyst')
  deliveries(@Param('id', { schema: Uuid }) id: string): Promise<Delivery[]> {
    return this.settings.deliveries(id);
  }
}
