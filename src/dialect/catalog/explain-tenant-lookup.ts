import type { QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect-of';
import { TENANT_ROLE, TENANT_SETTING } from '../postgres-rls';
import { familyOf } from './catalog-source';

/** What the planner does with `SELECT * FROM <table> WHERE <tenant column> = <a tenant>`. */
export interface TenantLookupPlan {
  /** Whether the lookup can read through an index. */
  usesIndex: boolean;
  /** The deciding part of the plan, for people: PostgreSQL's scan line, the MySQL family's keys. */
  summary: string;
}

/**
 * Explains a tenant lookup on `table`. PostgreSQL: sequential scans are priced out for the
 * statement (`enable_seqscan` off, restored afterwards; call inside a transaction, which an
 * error leaves with the setting off until it or a savepoint is rolled back), so any usable
 * index is taken and a remaining `Seq Scan` means there is none. A member of `tenancy_tenant`
 * (not a superuser) explains it as tenant traffic runs: as that role with `tenantId` as the
 * tenant (both restored afterwards). MySQL family: on small tables the
 * optimizer may still prefer a full scan, so an index among the possible keys counts.
 *
 * @example
 * await runner.startTransaction();
 * const plan = await explainTenantLookup(runner, 'notes', 'tenant_id', tenantId);
 * plan.usesIndex; // true; plan.summary: 'Index Scan using uq_notes_tenant_id_id on notes'
 */
export async function explainTenantLookup(runner: QueryRunner, table: string, column: string, tenantId: string): Promise<TenantLookupPlan> {
  const q = dialectOf(runner.connection).quote;
  if (familyOf(runner) === 'postgres') {
    const [before] = await runner.query(
      `SELECT current_setting('enable_seqscan') AS setting, current_setting('role') AS role, coalesce(current_setting($1, true), '') AS tenant,
              EXISTS (SELECT FROM pg_roles r WHERE r.rolname = $2 AND pg_has_role(current_user, r.oid, 'MEMBER'))
                AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS switch`,
      [TENANT_SETTING, TENANT_ROLE],
    );
    await runner.query(`SELECT set_config('enable_seqscan', 'off', true)`);
    // As tenant traffic runs (the tenant role, this tenant): a role no policy applies to plans no scan at all.
    if (before.switch) await runner.query(`SELECT set_config('role', $1, true), set_config($2, $3, true)`, [TENANT_ROLE, TENANT_SETTING, tenantId]);
    // No finally: after an error the transaction is aborted anyway, and rolling back (to a savepoint) restores the settings.
    const rows: Array<Record<string, string>> = await runner.query(`EXPLAIN SELECT * FROM ${q(table)} WHERE ${q(column)} = $1`, [tenantId]);
    await runner.query(`SELECT set_config('enable_seqscan', $1, true)`, [before.setting]);
    if (before.switch) await runner.query(`SELECT set_config('role', $1, true), set_config($2, $3, true)`, [before.role, TENANT_SETTING, before.tenant]);
    const lines = rows.map((r) => String(Object.values(r)[0]).trim().replace(/^->\s*/, ''));
    const usesIndex = !lines.some((l) => /Seq Scan/.test(l)) && lines.some((l) => /Index/.test(l));
    const summary = (usesIndex ? lines.find((l) => /Index/.test(l)) : lines.find((l) => /Seq Scan/.test(l))) ?? lines[0] ?? '';
    return { usesIndex, summary: summary.replace(/\s+\(cost=.*$/, '') };
  }
  const rows: Array<Record<string, string | null>> = await runner.query(`EXPLAIN SELECT * FROM ${q(table)} WHERE ${q(column)} = ?`, [tenantId]);
  // "const table" rows are answered from a unique index alone; otherwise a key chosen or possible.
  const usesIndex = rows.every((r) => /const table/i.test(r.Extra ?? '') || r.key !== null || (r.possible_keys ?? '') !== '');
  const summary = rows.map((r) => `type ${r.type ?? '-'}, key ${r.key ?? 'none'}, possible keys ${r.possible_keys ?? 'none'}${r.Extra ? ` (${r.Extra})` : ''}`).join('; ');
  return { usesIndex, summary };
}
