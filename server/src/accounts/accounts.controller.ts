import { Controller, Get, Param, Query } from '@nestjs/common';
import { AccountHandle, AccountQuery, AccountSource, type AccountResponse } from '@siaga/shared';
import { MinRole } from '../auth/access.decorators.js';
import { AccountsService } from './accounts.service.js';

@Controller('api/accounts')
@MinRole('viewer')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get(':source/:handle')
  get(
    @Param('source', { schema: AccountSource }) source: string,
    @Param('handle', { schema: AccountHandle }) handle: string,
    @Query({ schema: AccountQuery }) q: AccountQuery,
  ): Promise<AccountResponse> {
    return this.accounts.get(source, handle, q);
  }
}
