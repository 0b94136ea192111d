import type { QueryRunner } from 'typeorm';
import { explainTenantLookup } from '../../dialect/catalog';
import { uuidv7 } from '../../uuid';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

/**
 * Whether `SELECT * FROM <table> WHERE tenant_id = <a tenant>` can read through an index.
 *
 * @example
 * await explainIndexCheck(runner, catalog, 'sessions'); // { status: 'pass', detail: 'Index Scan using … on sessions' }
 */
export async function explainIndexCheck(runner: QueryRunner, catalog: DoctorCatalog, table: string): Promise<DoctorCheck> {
  const plan = await explainTenantLookup(runner, table, catalog.tenantColumn, uuidv7());
  return {
    table,
    check: 'explain-index',
    status: plan.usesIndex ? 'pass' : 'fail',
    detail: plan.usesIndex ? plan.summary : `${plan.summary}: tenant lookups read the whole table; add an index leading with ${catalog.tenantColumn}`,
  };
}
