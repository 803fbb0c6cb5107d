import { Module } from '@nestjs/common';
import { DigestsController } from './digests.controller.js';
import { DigestsRepository } from './digests.repository.js';
import { DigestsService } from './digests.service.js';

/** Daily and weekly digests: the preview, users' subscriptions and the scheduled emails. */
@Module({
  controllers: [DigestsController],
  providers: [DigestsRepository, DigestsService],
  exports: [DigestsService],
})
export class DigestsModule {}
