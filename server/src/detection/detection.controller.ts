import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { BacktestRequest, BandQuery, type BacktestResponse, type BandResponse } from '@siaga/shared';
import { MinRole } from '../auth/access.decorators.js';
import { BandService } from './band.service.js';
import { DetectionService } from './detection.service.js';

@Controller('api/detection')
export class DetectionController {
  constructor(
    private readonly detection: DetectionService,
    private readonly bands: BandService,
  ) {}

  @Post('backtest')
  @MinRole('analyst')
  @HttpCode(200)
  backtest(@Body({ schema: BacktestRequest }) body: BacktestRequest): Promise<BacktestResponse> {
    return this.detection.backtest(body);
  }

  @Get('band')
  @MinRole('viewer')
  band(@Query({ schema: BandQuery }) q: BandQuery): Promise<BandResponse> {
    return this.bands.band(q);
  }
}
