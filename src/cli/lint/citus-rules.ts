import { createdBy, type LintContext, type RawFinding } from './lint-context';

/**
 * `citus-placement`, on a Citus coordinator only (the scratch database is then a Citus database
 * on every node): each tenant table a pending migration creates must end up distributed by the
 * tenant column and in the co-location group of the other tenant tables, as the Citus profile's
 * `createTenantTable` places it. A plain `CREATE TABLE` leaves a local table on the coordinator,
 * which cannot be joined with the distributed ones or referenced by them.
 *
 * @example
 * citusFindings(context).map((f) => f.table); // ['audit_notes'] (created with CREATE TABLE, left local)
 */
export function citusFindings(context: LintContext): RawFinding[] {
  const { citus, final, tenantColumn: col } = context;
  if (!citus) return [];
  // The group most tenant tables are in (the bundled schema's, or the application's own).
  const counts = new Map<number, number>();
  for (const table of final.tenantTables) {
    const id = citus.tables.get(table)?.colocationId;
    if (id != null) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const partner = final.tenantTables.find((t) => main !== undefined && citus.tables.get(t)?.colocationId === main && !createdBy(context, 'tables', t));
  const colocate = partner ? `, colocate_with => '${partner}'` : '';
  const findings: RawFinding[] = [];
  for (const table of final.tenantTables) {
    const migration = createdBy(context, 'tables', table);
    if (!migration) continue;
    const t = citus.tables.get(table);
    const where = t ? `${t.kind}${t.column ? ` by ${t.column}` : ''}` : 'a local table on the coordinator';
    let detail: string | null = null;
    if (t?.kind !== 'distributed' || t.column !== col) {
      detail = `new tenant table ${table} is ${where}, not distributed by ${col}: create it with createTenantTable (the Citus profile distributes it), or SELECT create_distributed_table('${table}', '${col}'${colocate}) in the migration`;
    } else if (main !== undefined && t.colocationId !== main) {
      detail = `new tenant table ${table} is distributed by ${col} but not co-located with the other tenant tables: joins and in-tenant keys with them cross nodes; SELECT update_distributed_table_colocation('${table}'${colocate || ", colocate_with => '<a tenant table>'"})`;
    }
    if (detail) findings.push({ migration: migration.name, rule: 'citus-placement', table, detail });
  }
  return findings;
}
