import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CreateProgram,
  ListQuery,
  ProgramPreviewRequest,
  UpdateProgram,
  Uuid,
  ValidateQueryRequest,
  type Page,
  type Program,
  type ProgramPreviewResponse,
} from '@siaga/shared';
import { z } from 'zod';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { ProgramPreviewService } from './preview.service.js';
import { ProgramsService, assertValidQuery } from './programs.service.js';

@Controller('api/programs')
export class ProgramsController {
  constructor(
    private readonly programs: ProgramsService,
    private readonly previews: ProgramPreviewService,
  ) {}

  @Get()
  @MinRole('viewer')
  list(@Query({ schema: ListQuery }) q: ListQuery): Promise<Page<Program>> {
    return this.programs.list(q.limit, q.cursor);
  }

  @Post()
  @MinRole('supervisor')
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateProgram }) body: CreateProgram): Promise<Program> {
    return this.programs.create(actor, body);
  }

  /** Checks a query without saving it (the editor's inline errors). */
  @Post('validate-query')
  @MinRole('viewer')
  @HttpCode(200)
  validate(@Body({ schema: ValidateQueryRequest }) body: z.infer<typeof ValidateQueryRequest>): { valid: true } {
    assertValidQuery(body.query);
    return { valid: true };
  }

  /** How a draft query would match the stored posts of the last 24 hours. */
  @Post('preview')
  @MinRole('analyst')
  @HttpCode(200)
  preview(@Body({ schema: ProgramPreviewRequest }) body: ProgramPreviewRequest): Promise<ProgramPreviewResponse> {
    return this.previews.preview(body);
  }

  @Get(':id')
  @MinRole('viewer')
  get(@Param('id', { schema: Uuid }) id: string): Promise<Program> {
    return this.programs.get(id);
  }

  @Patch(':id')
  @MinRole('supervisor')
  update(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateProgram }) body: UpdateProgram): Promise<Program> {
    return this.programs.update(actor, id, body);
  }

  @Delete(':id')
  @MinRole('supervisor')
  @HttpCode(204)
  delete(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<void> {
    return this.programs.delete(actor, id);
  }
}
