import { Controller, Get, Query } from '@nestjs/common';
import { OverviewQuery, SeriesQuery, TopQuery, type OverviewResponse, type SeriesResponse, type TopResponse } from '@siaga/shared';
import { MinRole } from '../auth/access.decorators.js';
import { MetricsService } from './metrics.service.js';

@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('series')
  @MinRole('viewer')
  series(@Query({ schema: SeriesQuery }) q: SeriesQuery): Promise<SeriesResponse> {
    return this.metrics.series(q);
  }

  @Get('overview')
  @MinRole('viewer')
  overview(@Query({ schema: OverviewQuery }) q: OverviewQuery): Promise<OverviewResponse> {
    return this.metrics.overview(q);
  }

  @Get('top')
  @MinRole('viewer')
  top(@Query({ schema: TopQuery }) q: TopQuery): Promise<TopResponse> {
    return this.metrics.top(q);
  }
}
