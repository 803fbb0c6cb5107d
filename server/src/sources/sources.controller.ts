import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { CreateSource, Uuid, UpdateSource, type IngestResult, type Source, type SourceStatus, type SourceTestResult } from '@siaga/shared';
import type { Request } from 'express';
import { CurrentUser, MinRole, Public, type Principal } from '../auth/access.decorators.js';
import { SourcesService } from './sources.service.js';

@Controller('api/sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @MinRole('admin')
  list(): Promise<Source[]> {
    return this.sources.list();
  }

  /** Declared before `:id`, which would refuse "states" as an id. */
  @Get('states')
  @MinRole('viewer')
  states(): Promise<SourceStatus[]> {
    return this.sources.states();
  }

  @Get(':id')
  @MinRole('admin')
  get(@Param('id', { schema: Uuid }) id: string): Promise<Source> {
    return this.sources.get(id);
  }

  @Post()
  @MinRole('admin')
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateSource }) body: CreateSource): Promise<Source> {
    return this.sources.create(actor, body);
  }

  @Patch(':id')
  @MinRole('admin')
  update(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateSource }) body: UpdateSource): Promise<Source> {
    return this.sources.update(actor, id, body);
  }

  @Delete(':id')
  @MinRole('admin')
  @HttpCode(204)
  remove(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<void> {
    return this.sources.remove(actor, id);
  }

  /** One read now, shown and not stored. */
  @Post(':id/test')
  @MinRole('admin')
  @HttpCode(200)
  test(@Param('id', { schema: Uuid }) id: string): Promise<SourceTestResult> {
    return this.sources.test(id);
  }

  /** Collectors push here, signed with the source's secret (no user, no ingest key: the HMAC is the credential). */
  @Post(':id/webhook')
  @Public()
  @HttpCode(202)
  webhook(
    @Param('id', { schema: Uuid }) id: string,
    @Headers('x-siaga-timestamp') timestamp: string | undefined,
    @Headers('x-siaga-signature') signature: string | undefined,
    @Req() req: Request & { rawBody?: Buffer },
  ): Promise<IngestResult> {
    return this.sources.receive(id, { timestamp, signature }, req.rawBody, req.body as unknown);
  }
}
