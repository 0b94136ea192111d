import type { QueryRunner } from 'typeorm';
import { inTenantGuard } from '../../dialect/catalog';
import type { Dialect } from '../../dialect/dialect';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';
import { hiddenTables } from './hidden-tables';

/** A child → parent pairing whose parent must exist: the tenant itself, or an in-tenant reference. */
interface Link {
  label: string;
  parent: string;
  /** Child column → parent column, all of which must match (the tenant column always among them). */
  pairs: Array<[child: string, parent: string]>;
}

function linksOf(catalog: DoctorCatalog, table: string): Link[] {
  const col = catalog.tenantColumn;
  const references = catalog.foreignKeys
    .filter((f) => f.table === table && catalog.tenantTables.includes(f.refTable) && inTenantGuard(f, catalog.triggers, col) !== null)
    .map((f): Link => {
      const pairs = f.columns.map((c, i): [string, string] => [c, f.refColumns[i]]);
      // A trigger-guarded one-column key: the parent must also be of the child's tenant.
      if (!f.columns.includes(col)) pairs.push([col, col]);
      return { label: `${f.columns.filter((c) => c !== col).join(', ')} → ${f.refTable}`, parent: f.refTable, pairs };
    });
  return [{ label: `${col} → ${catalog.tenantTable}`, parent: catalog.tenantTable, pairs: [[col, 'id']] }, ...references];
}

/**
 * Rows whose tenant, or whose parent in the same tenant, does not exist — only possible with
 * checks switched off (MySQL `FOREIGN_KEY_CHECKS=0`, PostgreSQL `session_replication_role = replica`
 * or disabled triggers). Skipped when row-level security would hide rows from this run: a count
 * of zero would then prove nothing.
 *
 * @example
 * await orphanRowsCheck(runner, dialect, catalog, 'sessions'); // { status: 'pass', detail: '0 orphan rows …' }
 */
export async function orphanRowsCheck(runner: QueryRunner, d: Dialect, catalog: DoctorCatalog, table: string): Promise<DoctorCheck> {
  // A missing parent table fails its own checks; counting against it would only raise an SQL error.
  const links = linksOf(catalog, table).filter((l) => catalog.tables.includes(l.parent));
  const hidden = hiddenTables(catalog, [table, ...links.map((l) => l.parent)]);
  if (hidden.length) {
    return {
      table,
      check: 'orphan-rows',
      status: 'skip',
      detail:
        `row-level security hides rows of ${[...new Set(hidden)].join(', ')} from ${catalog.role?.name}, so a count would prove nothing: ` +
        'run the doctor as a role that bypasses it (e.g. the migration role) or set TENANCY_SYSTEM_KEY so the doctor can see every tenant\'s rows',
    };
  }
  const q = d.quote;
  const found: string[] = [];
  for (const link of links) {
    const children = link.pairs.filter(([c]) => c !== catalog.tenantColumn || link.parent === catalog.tenantTable);
    const sql =
      `SELECT COUNT(*) AS n FROM ${q(table)} c WHERE ${[...children.map(([c]) => `c.${q(c)} IS NOT NULL`), '1 = 1'].join(' AND ')} ` +
      `AND NOT EXISTS (SELECT 1 FROM ${q(link.parent)} p WHERE ${link.pairs.map(([c, p]) => `p.${q(p)} = c.${q(c)}`).join(' AND ')})`;
    const [{ n }] = await runner.query(sql);
    if (Number(n) > 0) found.push(`${n} row${Number(n) === 1 ? '' : 's'} whose ${link.label} row is missing${link.parent === catalog.tenantTable ? '' : ' (in the same tenant)'}`);
  }
  return {
    table,
    check: 'orphan-rows',
    status: found.length ? 'fail' : 'pass',
    detail: found.length
      ? `${found.join('; ')}: written with checks off; delete or repair them, then keep foreign key checks on`
      : `none (checked ${links.map((l) => l.label).join(', ')})`,
  };
}
