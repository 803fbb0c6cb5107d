import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CreateOfficialChannel, OfficialChannelsQuery, UpdateOfficialChannel, Uuid, type OfficialChannel } from '@siaga/shared';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { OfficialChannelsService } from './official-channels.service.js';

/** Everyone signed in reads the registry; analysts and above keep it. */
@Controller('api/official-channels')
export class OfficialChannelsController {
  constructor(private readonly channels: OfficialChannelsService) {}

  @Get()
  @MinRole('viewer')
  list(@Query({ schema: OfficialChannelsQuery }) q: OfficialChannelsQuery): Promise<OfficialChannel[]> {
    return this.channels.list(q.programId);
  }

  @Get(':id')
  @MinRole('viewer')
  get(@Param('id', { schema: Uuid }) id: string): Promise<OfficialChannel> {
    return this.channels.get(id);
  }

  @Post()
  @MinRole('analyst')
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateOfficialChannel }) body: CreateOfficialChannel): Promise<OfficialChannel> {
    return this.channels.create(actor, body);
  }

  @Patch(':id')
  @MinRole('analyst')
  update(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateOfficialChannel }) body: UpdateOfficialChannel): Promise<OfficialChannel> {
    return this.channels.update(actor, id, body);
  }

  @Delete(':id')
  @MinRole('analyst')
  delete(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<OfficialChannel> {
    return this.channels.delete(actor, id);
  }
}
