import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ChangePassword, CreateUser, ListQuery, UpdateUser, Uuid, type Page, type User } from '@siaga/shared';
import { CurrentUser, MinRole, type Principal } from './access.decorators.js';
import { UsersService } from './users.service.js';

@Controller('api/users')
@MinRole('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query({ schema: ListQuery }) q: ListQuery): Promise<Page<User>> {
    return this.users.list(q.limit, q.cursor);
  }

  @Post()
  create(@CurrentUser() actor: Principal, @Body({ schema: CreateUser }) body: CreateUser): Promise<User> {
    return this.users.create(actor, body);
  }

  @Get(':id')
  get(@Param('id', { schema: Uuid }) id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: UpdateUser }) body: UpdateUser): Promise<User> {
    return this.users.update(actor, id, body);
  }

  @Put(':id/password')
  @HttpCode(204)
  changePassword(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string, @Body({ schema: ChangePassword }) body: ChangePassword): Promise<void> {
    return this.users.changePassword(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@CurrentUser() actor: Principal, @Param('id', { schema: Uuid }) id: string): Promise<void> {
    return this.users.delete(actor, id);
  }
}
