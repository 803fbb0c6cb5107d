import { Controller, Get, Query } from '@nestjs/common';
import {
  ActorsQuery,
  OverviewQuery,
  SeriesQuery,
  TopQuery,
  WhoWhereQuery,
  type ActorsResponse,
  type NetworkResponse,
  type OverviewResponse,
  type PlacesResponse,
  type PlatformsResponse,
  type SeriesResponse,
  type TopResponse,
} from '@siaga/shared';
import { MinRole } from '../auth/access.decorators.js';
import { MetricsService } from './metrics.service.js';
import { WhoWhereService } from './who-where.service.js';

@Controller('api/metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly who: WhoWhereService,
  ) {}

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

  @Get('actors')
  @MinRole('viewer')
  actors(@Query({ schema: ActorsQuery }) q: ActorsQuery): Promise<ActorsResponse> {
    return this.who.actors(q);
  }

  @Get('network')
  @MinRole('viewer')
  network(@Query({ schema: WhoWhereQuery }) q: WhoWhereQuery): Promise<NetworkResponse> {
    return this.who.network(q);
  }

  @Get('places')
  @MinRole('viewer')
  places(@Query({ schema: WhoWhereQuery }) q: WhoWhereQuery): Promise<PlacesResponse> {
    return this.who.places(q);
  }

  @Get('platforms')
  @MinRole('viewer')
  platforms(@Query({ schema: WhoWhereQuery }) q: WhoWhereQuery): Promise<PlatformsResponse> {
    return this.who.platforms(q);
  }
}
