import { Controller, Get, Param, Query } from '@nestjs/common';
import { ListQuery, PostsQuery, Uuid, type Page, type Post } from '@siaga/shared';
import { z } from 'zod';
import { MinRole } from '../auth/access.decorators.js';
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

  @Get(':id')
  get(@Param('id', { schema: Uuid }) id: string): Promise<Post> {
    return this.posts.get(id);
  }
}
