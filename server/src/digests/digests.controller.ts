import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { DigestPreviewQuery, DigestSubscriptionUpdate, type Digest, type DigestSubscription } from '@siaga/shared';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { DigestsService } from './digests.service.js';

@Controller('api')
export class DigestsController {
  constructor(private readonly digests: DigestsService) {}

  /** The digest of the latest complete day or week, as the scheduled email carries it. */
  @Get('digests/preview')
  @MinRole('viewer')
  preview(@Query({ schema: DigestPreviewQuery }) q: DigestPreviewQuery): Promise<Digest> {
    return this.digests.preview(q.period);
  }

  @Get('me/digest-subscription')
  @MinRole('viewer')
  subscription(@CurrentUser() user: Principal): Promise<DigestSubscription> {
    return this.digests.subscription(user);
  }

  @Put('me/digest-subscription')
  @MinRole('viewer')
  setSubscription(@CurrentUser() user: Principal, @Body({ schema: DigestSubscriptionUpdate }) body: DigestSubscriptionUpdate): Promise<DigestSubscription> {
    return this.digests.setSubscription(user, body);
  }
}
