import { Module } from '@nestjs/common';
import { RollupsModule } from '../rollups/rollups.module.js';
import { OfficialChannelsController } from './official-channels.controller.js';
import { OfficialChannelsRepository } from './official-channels.repository.js';
import { OfficialChannelsService } from './official-channels.service.js';
import { OfficialRecountService } from './official-recount.service.js';

@Module({
  imports: [RollupsModule],
  controllers: [OfficialChannelsController],
  providers: [OfficialChannelsRepository, OfficialChannelsService, OfficialRecountService],
  exports: [OfficialChannelsService],
})
export class OfficialChannelsModule {}
