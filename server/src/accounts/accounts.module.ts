import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({ imports: [PostsModule], controllers: [AccountsController], providers: [AccountsRepository, AccountsService] })
export class AccountsModule {}
