import { Module } from '@nestjs/common';
import { LeaseRepository } from './lease.repository.js';
import { LeaseService, leaseStoreProvider } from './lease.service.js';

/** Leases for per-program and cluster-wide singletons (see LeaseService). One instance per app: import it where needed. */
@Module({ providers: [LeaseRepository, leaseStoreProvider, LeaseService], exports: [LeaseService] })
export class LeasesModule {}
