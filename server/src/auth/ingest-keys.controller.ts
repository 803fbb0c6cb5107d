import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { CreateIngestKey, ListQuery, Uuid, type IngestKey, type IngestKeyCreated, type Page } from '@siaga/shared';
import { CurrentUser, MinRole, type Principal } from './access.decorators.js';
import { IngestKeysService } from './ingest-keys.service.js';

@Controller('api/ingest-keys')
@MinRole('admin')
export class IngestKeysController {
  constructor(private readonly keys: IngestKeysService) {}

  @Get()
  list(@Query({ schema: ListQuery }) q: ListQuery): Promise<Page<IngestKey>> {
    return this.keys.list(q.limit, q.cursor);
  }

  /** The plain key is in this answer only; it is stored hashed. */
  @Post()
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateIngestKey }) body: CreateIngestKey): Promise<IngestKeyCreated> {
    return this.keys.create(actor, body);
  }

  @Delete(':id')
  revoke(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<IngestKey> {
    return this.keys.revoke(actor, id);
  }
}
