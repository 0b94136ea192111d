import { inTenantGuard } from '../../dialect/catalog';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck, DoctorCheckId } from './doctor-report';

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** MySQL-family prefix indexes list `col(n)`. */
const bare = (column: string | null) => (column === null ? null : column.replace(/\(\d+\)$/, ''));

/**
 * The structural checks of one tenant table: tenant column NOT NULL, an index leading with it, the
 * CASCADE key to `tenants`, tenant-wide unique keys and in-tenant references.
 *
 * @example
 * structureChecks(catalog, 'sessions').filter((c) => c.status === 'fail');
 */
export function structureChecks(catalog: DoctorCatalog, table: string): DoctorCheck[] {
  const col = catalog.tenantColumn;
  const check = (id: DoctorCheckId, ok: boolean, detail: string): DoctorCheck => ({ table, check: id, status: ok ? 'pass' : 'fail', detail });
  const column = catalog.columns.find((c) => c.table === table && c.name === col)!;
  const indexes = catalog.indexes.filter((i) => i.table === table);
  const keys = catalog.foreignKeys.filter((f) => f.table === table);

  const leading = indexes.filter((i) => bare(i.columns[0]) === col && !i.predicate);
  const toTenants = keys.filter((f) => same(f.columns, [col]) && f.refTable === catalog.tenantTable);
  const cascade = toTenants.find((f) => same(f.refColumns, ['id']) && f.onDelete === 'CASCADE');

  return [
    check('tenant-not-null', !column.nullable, `${col} ${column.type} ${column.nullable ? 'NULL: rows without a tenant belong to no one and every tenant filter misses them; ALTER the column to NOT NULL' : 'NOT NULL'}`),
    check(
      'tenant-index',
      leading.length > 0,
      leading.length ? `${leading.map((i) => `${i.name} (${i.columns.join(', ')})`).join('; ')}` : `no index leads with ${col}: every tenant query scans the whole table; add one, e.g. UNIQUE (${col}, id)`,
    ),
    check(
      'tenant-foreign-key',
      cascade !== undefined,
      cascade
        ? `${cascade.name} → ${catalog.tenantTable}(id) ON DELETE CASCADE`
        : toTenants.length
          ? `${toTenants.map((f) => `${f.name} → ${f.refTable}(${f.refColumns.join(', ')}) ON DELETE ${f.onDelete}`).join('; ')}: deleting a tenant must delete its rows (ON DELETE CASCADE)`
          : `no foreign key ${col} → ${catalog.tenantTable}(id): rows can name a tenant that does not exist`,
    ),
    uniqueKeysCheck(catalog, table),
    referencesCheck(catalog, table),
  ];
}

/** Every unique key but a one-column `id` primary key must include the tenant column (directly or through a generated column). */
function uniqueKeysCheck(catalog: DoctorCatalog, table: string): DoctorCheck {
  const col = catalog.tenantColumn;
  const columns = catalog.columns.filter((c) => c.table === table);
  // A generated column (the MySQL family's live-key marker) stands for the columns its expression names.
  const base = (name: string | null): string[] => {
    const generated = columns.find((c) => c.name === bare(name))?.generated;
    if (!generated) return name === null ? [] : [bare(name)!];
    return columns.filter((c) => new RegExp(`\\b${escapeRegExp(c.name)}\\b`).test(generated)).map((c) => c.name);
  };
  const unique = catalog.indexes.filter((i) => i.table === table && i.unique && !(i.primary && same(i.columns, ['id'])));
  const lacking = unique.filter((i) => !i.columns.flatMap(base).includes(col));
  return {
    table,
    check: 'unique-keys',
    status: lacking.length ? 'fail' : 'pass',
    detail: lacking.length
      ? `${lacking.map((i) => `${i.name} (${i.columns.join(', ')})`).join('; ')} lack${lacking.length === 1 ? 's' : ''} ${col}: ` +
        `one tenant's value blocks every other tenant's (and the error reveals that it exists); add ${col} to the key`
      : `${unique.length} unique key${unique.length === 1 ? '' : 's'}, all with ${col}` + (unique.length ? ` (${unique.map((i) => i.name).join(', ')})` : ''),
  };
}

/**
 * Foreign keys to other tenant tables must keep child and parent in one tenant. The audit columns
 * (`created_by`/`updated_by` → `users`) are no exception: an actor is a user of the row's tenant.
 */
function referencesCheck(catalog: DoctorCatalog, table: string): DoctorCheck {
  const col = catalog.tenantColumn;
  const toTenantTables = catalog.foreignKeys.filter((f) => f.table === table && catalog.tenantTables.includes(f.refTable));
  const composite: string[] = [];
  const triggers: string[] = [];
  const bad: string[] = [];
  for (const fk of toTenantTables) {
    const guard = inTenantGuard(fk, catalog.triggers, col);
    if (guard === 'composite') composite.push(fk.name);
    else if (guard === 'triggers') triggers.push(fk.name);
    else bad.push(`${fk.name} (${fk.columns.join(', ')}) → ${fk.refTable}(${fk.refColumns.join(', ')})`);
  }
  const found = [
    composite.length ? `${composite.length} composite (${composite.join(', ')})` : '',
    triggers.length ? `${triggers.length} one-column with same-tenant triggers (${triggers.join(', ')})` : '',
  ].filter(Boolean);
  return {
    table,
    check: 'in-tenant-references',
    status: bad.length ? 'fail' : 'pass',
    detail: bad.length
      ? `${bad.join('; ')} can point at another tenant's row: make it (${col}, …) → parent(${col}, id)`
      : found.length
        ? found.join('; ')
        : 'no references to other tenant tables',
  };
}
