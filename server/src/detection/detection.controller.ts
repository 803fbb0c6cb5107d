import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { BacktestRequest, type BacktestResponse } from '@siaga/shared';
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
}
