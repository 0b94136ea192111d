import type { CatalogFamily } from '../../dialect/catalog';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

/**
 * `invalid-indexes`, database-wide: `fail` when PostgreSQL holds an index a failed `CREATE INDEX
 * CONCURRENTLY` (e.g. `createIndexOnline`) left INVALID — the planner ignores it, every write still
 * maintains it, and an invalid unique index guarantees nothing for the rows it never checked. The
 * MySQL family builds an index or nothing: `pass`.
 *
 * @example
 * invalidIndexesCheck(catalog, 'postgres');
 * // { table: null, check: 'invalid-indexes', status: 'fail', detail: 'notes.idx_notes_slug is INVALID …' }
 */
export function invalidIndexesCheck(catalog: DoctorCatalog, family: CatalogFamily): DoctorCheck {
  const invalid = catalog.indexes.filter((i) => !i.valid);
  const check = (ok: boolean, detail: string): DoctorCheck => ({ table: null, check: 'invalid-indexes', status: ok ? 'pass' : 'fail', detail });
  if (family !== 'postgres') return check(true, 'the MySQL family builds an index completely or not at all: none can be left invalid');
  if (invalid.length === 0) return check(true, `no invalid index (${catalog.indexes.length} indexes)`);
  return check(
    false,
    `${invalid.map((i) => `${i.table}.${i.name}`).join(', ')} ${invalid.length === 1 ? 'is' : 'are'} INVALID (a failed concurrent build): ` +
      'ignored by queries, still maintained on every write; DROP INDEX CONCURRENTLY it, fix the cause (e.g. duplicates for a unique index), then build it again',
  );
}
