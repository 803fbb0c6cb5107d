import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ListQuery, PostsExportQuery, PostsQuery, Uuid, type Page, type Post } from '@siaga/shared';
import { z } from 'zod';
import { CurrentUser, MinRole, type Principal } from '../auth/access.decorators.js';
import { PostsService } from './posts.service.js';

const PostsListQuery = ListQuery.extend(PostsQuery.shape);

@Controller('api/posts')
@MinRole('viewer')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  list(@Query({ schema: PostsListQuery }) q: z.infer<typeof PostsListQuery>): Promise<Page<Post>> {
    const { limit, cursor, ...filter } = q;
    return this.posts.list(filter, limit, cursor);
  }

  // Declared before ':id' so that Express tries it first.
  @Get('export')
  @MinRole('analyst')
  async export(@CurrentUser() actor: Principal, @Query({ schema: PostsExportQuery }) q: PostsExportQuery): Promise<StreamableFile> {
    const csv = await this.posts.exportCsv(actor, q);
    return new StreamableFile(csv.body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${csv.filename}"` });
  }

  @Get(':id')
  get(@Param('id', { schema: Uuid }) id: string): Promise<Post> {
    return this.posts.get(id);
  }
}
