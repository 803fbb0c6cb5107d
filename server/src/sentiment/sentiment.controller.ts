import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AnalyzeRequest, ListQuery, RelabelRequest, Uuid, type AnalyzeResponse, type Page, type Post as PostDto, type SentimentCorrection } from '@siaga/shared';
import { z } from 'zod';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { SentimentService } from './sentiment.service.js';

const CorrectionsQuery = ListQuery.extend({ postId: Uuid.optional() });

@Controller('api')
export class SentimentController {
  constructor(private readonly sentiment: SentimentService) {}

  @Post('analyze')
  @MinRole('viewer')
  @HttpCode(200)
  analyze(@Body({ schema: AnalyzeRequest }) body: AnalyzeRequest): AnalyzeResponse {
    return this.sentiment.analyze(body);
  }

  @Post('posts/:id/sentiment')
  @MinRole('analyst')
  @HttpCode(200)
  relabel(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: RelabelRequest }) body: RelabelRequest): Promise<PostDto> {
    return this.sentiment.relabel(actor, id, body);
  }

  @Get('sentiment/corrections')
  @MinRole('analyst')
  corrections(@Query({ schema: CorrectionsQuery }) q: z.infer<typeof CorrectionsQuery>): Promise<Page<SentimentCorrection>> {
    return this.sentiment.corrections(q.limit, q.cursor, q.postId);
  }

  @Get('sentiment/corrections/export')
  @MinRole('analyst')
  @Header('content-type', 'application/x-ndjson; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="siaga-sentiment-corrections.jsonl"')
  export(@CurrentUser() actor: Principal): Promise<string> {
    return this.sentiment.exportTrainingData(actor);
  }
}
