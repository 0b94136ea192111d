import { DataSource } from 'typeorm';
import { connectionOptionsFromUrl } from '../../../src/cli/data-source-from-url';
import { CreateTenantIsolation0099, CreateTenants0100 } from '../../../src/migrations';
import { CreateLintOrders1800000200000, LintNoLockTimeout1800000200111 } from './planted-migrations';

/**
 * An application's DataSource file as `typeorm-tenancy lint -d` loads it: the database from
 * LINT_TARGET_URL; with LINT_PLANTED=1 one planted migration is pending (a lock-timeout finding).
 */
export default new DataSource({
  ...connectionOptionsFromUrl(process.env.LINT_TARGET_URL!),
  migrations: [CreateTenantIsolation0099, CreateTenants0100, CreateLintOrders1800000200000, ...(process.env.LINT_PLANTED === '1' ? [LintNoLockTimeout1800000200111] : [])],
  migrationsTransactionMode: 'each',
});
