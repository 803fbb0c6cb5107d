import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module.js';
import { RollupsModule } from '../rollups/rollups.module.js';
import { SentimentController } from './sentiment.controller.js';
import { SentimentRepository } from './sentiment.repository.js';
import { SentimentService } from './sentiment.service.js';

@Module({ imports: [PostsModule, RollupsModule], controllers: [SentimentController], providers: [SentimentRepository, SentimentService] })
export class SentimentModule {}
