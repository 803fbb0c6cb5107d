import { Module } from '@nestjs/common';
import { OfficialChannelsController } from './official-channels.controller.js';
import { OfficialChannelsRepository } from './official-channels.repository.js';
import { OfficialChannelsService } from './official-channels.service.js';

@Module({
  controllers: [OfficialChannelsController],
  providers: [OfficialChannelsRepository, OfficialChannelsService],
  exports: [OfficialChannelsService],
})
export class OfficialChannelsModule {}
