import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { BacktestRequest, BandQuery, type BacktestResponse } from '@siaga/shared';
import { MinRole } from '../auth/access.decorators.js';
import { DetectionService } from './detection.service.js';

@Controller('api/detection')
export class DetectionController {
  constructor(private readonly detection: DetectionService) {}

  @Post('backtest')
  @MinRole('analyst')
  @HttpCode(200)
  backtest(@Body({ schema: BacktestRequest }) body: BacktestRequest): Promise<BacktestResponse> {
    return this.detection.backtest(body);
  }

  @Get('band')
  @MinRole('viewer')
  band(@Query({ schema: BandQuery }) q: BandQuery): Promise<BacktestResponse> {
    return this.detection.band(q);
  }
}
