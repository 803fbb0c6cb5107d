import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  AddIncidentAction,
  AddIncidentNote,
  CreateIncident,
  IncidentCsvQuery,
  IncidentsQuery,
  LinkIncidentAlerts,
  ListQuery,
  PinIncidentPost,
  ReportQuery,
  UpdateIncident,
  Uuid,
  type Incident,
  type IncidentDetail,
  type Page,
  type ReportFormat,
} from '@siaga/shared';
import { z } from 'zod';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { IncidentsService } from './incidents.service.js';
import { pickLang } from './report-strings.js';
import { ReportsService, type RenderedReport } from './reports.service.js';

const IncidentsListQuery = ListQuery.extend(IncidentsQuery.shape);

function file(r: RenderedReport): StreamableFile {
  const options = { type: r.contentType, disposition: `attachment; filename="${r.filename}"` };
  if (typeof r.body === 'string') return new StreamableFile(Buffer.from(r.body, 'utf8'), options);
  return Buffer.isBuffer(r.body) ? new StreamableFile(r.body, options) : new StreamableFile(r.body, options);
}

/** Incidents: viewers read them and their reports; analysts and above change them. */
@Controller('api/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly reports: ReportsService,
  ) {}

  @Get()
  @MinRole('viewer')
  list(@Query({ schema: IncidentsListQuery }) q: z.infer<typeof IncidentsListQuery>): Promise<Page<Incident>> {
    const { limit, cursor, ...filter } = q;
    return this.incidents.list(filter, limit, cursor);
  }

  @Post()
  @MinRole('analyst')
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateIncident }) body: z.infer<typeof CreateIncident>): Promise<Incident> {
    return this.incidents.create(actor, body);
  }

  @Get(':id')
  @MinRole('viewer')
  get(@Param('id', { schema: Uuid }) id: string): Promise<IncidentDetail> {
    return this.incidents.get(id);
  }

  @Patch(':id')
  @MinRole('analyst')
  update(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateIncident }) body: UpdateIncident): Promise<Incident> {
    return this.incidents.update(actor, id, body);
  }

  @Post(':id/notes')
  @MinRole('analyst')
  @HttpCode(200)
  note(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AddIncidentNote }) body: AddIncidentNote): Promise<Incident> {
    return this.incidents.addNote(actor, id, body);
  }

  @Post(':id/actions')
  @MinRole('analyst')
  @HttpCode(200)
  action(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: AddIncidentAction }) body: AddIncidentAction): Promise<Incident> {
    return this.incidents.addAction(actor, id, body);
  }

  @Post(':id/alerts')
  @MinRole('analyst')
  @HttpCode(200)
  link(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: LinkIncidentAlerts }) body: LinkIncidentAlerts): Promise<Incident> {
    return this.incidents.linkAlerts(actor, id, body);
  }

  @Post(':id/pins')
  @MinRole('analyst')
  @HttpCode(200)
  pin(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: PinIncidentPost }) body: PinIncidentPost): Promise<Incident> {
    return this.incidents.pin(actor, id, body);
  }

  @Get(':id/report.pdf')
  @MinRole('viewer')
  pdf(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Query({ schema: ReportQuery }) q: ReportQuery, @Headers('accept-language') al?: string): Promise<StreamableFile> {
    return this.report(actor, id, 'pdf', q, al);
  }

  @Get(':id/report.md')
  @MinRole('viewer')
  markdown(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Query({ schema: ReportQuery }) q: ReportQuery, @Headers('accept-language') al?: string): Promise<StreamableFile> {
    return this.report(actor, id, 'md', q, al);
  }

  @Get(':id/report.json')
  @MinRole('viewer')
  json(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Query({ schema: ReportQuery }) q: ReportQuery, @Headers('accept-language') al?: string): Promise<StreamableFile> {
    return this.report(actor, id, 'json', q, al);
  }

  // Every post of the span, like GET /api/posts/export: analysts and above.
  @Get(':id/report.csv')
  @MinRole('analyst')
  async csv(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Query({ schema: IncidentCsvQuery }) q: IncidentCsvQuery): Promise<StreamableFile> {
    return file(await this.reports.csv(actor, id, q));
  }

  private async report(actor: Principal, id: string, format: Exclude<ReportFormat, 'csv'>, q: ReportQuery, acceptLanguage: string | undefined): Promise<StreamableFile> {
    return file(await this.reports.render(actor, id, format, pickLang(q.lang, acceptLanguage)));
  }
}
