import { Controller, Get, Query } from '@nestjs/common';
import { AuditQuery, ListQuery, type AuditEntry, type Page } from '@siaga/shared';
import { z } from 'zod';
import { MinRole } from '../auth/access.decorators.js';
import { AuditService } from './audit.service.js';

const AuditListQuery = ListQuery.extend(AuditQuery.shape);

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @MinRole('admin')
  list(@Query({ schema: AuditListQuery }) q: z.infer<typeof AuditListQuery>): Promise<Page<AuditEntry>> {
    return this.audit.list(q, q.limit, q.cursor);
  }
}
