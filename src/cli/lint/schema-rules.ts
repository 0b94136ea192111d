import { inTenantGuard, type IndexInfo } from '../../dialect/catalog';
import { tableRowSecurityChecks } from '../doctor/row-security-checks';
import { structureChecks } from '../doctor/structure-checks';
import { createdBy, declarationsOf, type LintContext, type RawFinding } from './lint-context';

const key = (o: { table: string; name: string }) => `${o.table}\0${o.name}`;

/**
 * The rules on the schema the pending migrations leave: `tenant-column` and `row-level-security`
 * on new tables, `tenant-unique` on new unique keys of tenant tables, `in-tenant-reference` on new
 * foreign keys into tenant tables. The unique-key and row-level-security verdicts are the doctor's.
 *
 * @example
 * schemaFindings(context).map((f) => f.rule); // ['tenant-column']
 */
export function schemaFindings(context: LintContext): RawFinding[] {
  const { final, tenantColumn: col } = context;
  const findings: RawFinding[] = [];
  const tenantTables = new Set(final.tenantTables);
  for (const table of final.tables) {
    const migration = context.ignoredTables.has(table) ? undefined : createdBy(context, 'tables', table);
    if (!migration) continue;
    if (!tenantTables.has(table)) {
      const declared = declarationsOf(migration.instance).globalTables ?? [];
      if (table !== context.tenantTable && !context.globalTables.has(table) && !declared.includes(table)) {
        findings.push({
          migration: migration.name,
          rule: 'tenant-column',
          table,
          detail: `new table ${table} has no ${col} column: every tenant sees every row; add ${col} (createTenantTable), or declare it global (static globalTables = ['${table}'] on the migration)`,
        });
      }
      continue;
    }
    const failed = tableRowSecurityChecks(final, table, col).filter((c) => c.status === 'fail');
    if (failed.length) findings.push({ migration: migration.name, rule: 'row-level-security', table, detail: failed.map((c) => c.detail).join('; ') });
  }
  // New unique keys of tenant tables, per table and creating migration: the doctor's unique-keys check on just those.
  const groups = new Map<string, { migration: string; table: string; indexes: IndexInfo[] }>();
  for (const index of final.indexes.filter((i) => i.unique && tenantTables.has(i.table))) {
    const migration = createdBy(context, 'indexes', key(index));
    if (!migration) continue;
    const group = groups.get(`${migration.name}\0${index.table}`) ?? { migration: migration.name, table: index.table, indexes: [] };
    groups.set(`${migration.name}\0${index.table}`, { ...group, indexes: [...group.indexes, index] });
  }
  for (const group of groups.values()) {
    const check = structureChecks({ ...final, indexes: group.indexes, foreignKeys: [] }, group.table).find((c) => c.check === 'unique-keys');
    if (check?.status === 'fail') findings.push({ migration: group.migration, rule: 'tenant-unique', table: group.table, detail: check.detail });
  }
  for (const fk of final.foreignKeys.filter((f) => tenantTables.has(f.refTable))) {
    const migration = createdBy(context, 'foreignKeys', key(fk));
    if (!migration || inTenantGuard(fk, final.triggers, col) !== null) continue;
    findings.push({
      migration: migration.name,
      rule: 'in-tenant-reference',
      table: fk.table,
      detail:
        `${fk.name} (${fk.columns.join(', ')}) → ${fk.refTable}(${fk.refColumns.join(', ')}) can point at another tenant's row: ` +
        `make it (${col}, …) → ${fk.refTable}(${col}, id) (addTenantReference)`,
    });
  }
  return findings;
}
