import { Controller, Get, Query } from '@nestjs/common';
import { SeriesQuery, type SeriesResponse } from '@siaga/shared';
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
}
