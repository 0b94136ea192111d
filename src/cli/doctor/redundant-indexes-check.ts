import { foreignKeysNeedIndex, leadsWithKey, type CatalogFamily, type IndexInfo } from '../../dialect/catalog';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

/** One index that another makes redundant. */
export interface RedundantIndex {
  table: string;
  index: IndexInfo;
  /** The index that serves every lookup `index` serves. */
  coveredBy: IndexInfo;
  /** Same key columns (else a left prefix). */
  identical: boolean;
}

const list = (i: IndexInfo) => `(${i.columns.join(', ')}${i.include.length ? `) INCLUDE (${i.include.join(', ')}` : ''})`;
/** A plain b-tree over columns: no expression, no predicate, not full-text or GIN. */
const plain = (i: IndexInfo) => i.method === 'btree' && i.predicate === null && i.columns.length > 0 && i.columns.every((c) => c !== null);
const isPrefix = (a: IndexInfo, b: IndexInfo) => a.columns.length <= b.columns.length && a.columns.every((c, i) => c === b.columns[i]);
/** What `a` carries besides its keys (PostgreSQL INCLUDE), `b` carries too: index-only scans stay possible. */
const carries = (a: IndexInfo, b: IndexInfo) => a.include.every((c) => b.columns.includes(c) || b.include.includes(c));

/**
 * The redundant indexes of one table: a non-unique plain b-tree whose key columns equal, or are a
 * left prefix of, those of another plain b-tree on the same table (which also carries its INCLUDE
 * columns). Never a primary key or unique index (they enforce something; a unique index is never
 * redundant to a non-unique one), never a partial, expression, full-text or GIN index, and on the
 * MySQL family never the last index a foreign key can use (InnoDB needs one leading with its
 * columns). Of two identical indexes, the one not in `keep` (`table.index` names, e.g. those of the
 * definitions), else the later name, is reported.
 *
 * @example
 * redundantIndexesOf(catalog, 'mysql', 'conferences', new Set(['conferences.idx_conferences_created']));
 * // [{ index: conferences_idx_chronological, coveredBy: idx_conferences_created, identical: true, … }]
 */
export function redundantIndexesOf(catalog: DoctorCatalog, family: CatalogFamily, table: string, keep: ReadonlySet<string> = new Set()): RedundantIndex[] {
  const indexes = catalog.indexes.filter((i) => i.table === table && plain(i));
  const keys = foreignKeysNeedIndex(family) ? catalog.foreignKeys.filter((f) => f.table === table) : [];
  const flagged = new Set<IndexInfo>();
  const out: RedundantIndex[] = [];
  // Which of two identical plain indexes goes: the one outside `keep`, then the later name.
  const kept = (i: IndexInfo) => keep.has(`${i.table}.${i.name}`);
  const goesBefore = (a: IndexInfo, b: IndexInfo) => (kept(a) !== kept(b) ? kept(b) : a.name > b.name);
  // Longest first: an index chosen to cover a shorter one has had its own verdict already.
  const order = [...indexes].sort((a, b) => b.columns.length - a.columns.length || (a.name < b.name ? -1 : 1));
  for (const index of order) {
    if (index.unique || index.primary) continue;
    const covering = order.filter((other) => {
      if (other === index || flagged.has(other) || !isPrefix(index, other) || !carries(index, other)) return false;
      if (other.columns.length > index.columns.length || other.unique || other.primary) return true;
      // Identical keys: the other must carry at least as much, and one of the two is kept.
      return !carries(other, index) || goesBefore(index, other);
    });
    // The closest one, for the message: fewest columns, then by name.
    const coveredBy = covering.sort((a, b) => a.columns.length - b.columns.length || (a.name < b.name ? -1 : 1))[0];
    if (!coveredBy) continue;
    // InnoDB refuses to drop the last index a foreign key can use.
    const needed = keys.some((fk) => leadsWithKey(index, fk) && !indexes.some((o) => o !== index && !flagged.has(o) && leadsWithKey(o, fk)));
    if (needed) continue;
    flagged.add(index);
    out.push({ table, index, coveredBy, identical: coveredBy.columns.length === index.columns.length });
  }
  return out.sort((a, b) => (a.index.name < b.index.name ? -1 : 1));
}

/**
 * `redundant-indexes`, database-wide over every table (not only tenant or bundled ones): `warn`
 * listing each index that duplicates another or is a left prefix of one (see
 * {@link redundantIndexesOf}), else `pass`. A warning never fails the run: such an index costs
 * writes and space but breaks nothing.
 *
 * @example
 * redundantIndexesCheck(catalog, 'postgres');
 * // { table: null, check: 'redundant-indexes', status: 'warn', detail: 'notes.idx_notes_tenant (tenant_id) is a left prefix of …' }
 */
export function redundantIndexesCheck(catalog: DoctorCatalog, family: CatalogFamily, keep: ReadonlySet<string> = new Set()): DoctorCheck {
  const found = catalog.tables.flatMap((t) => redundantIndexesOf(catalog, family, t, keep));
  const tables = new Set(catalog.indexes.map((i) => i.table)).size;
  return {
    table: null,
    check: 'redundant-indexes',
    status: found.length ? 'warn' : 'pass',
    detail: found.length
      ? found.map((r) => `${r.table}.${r.index.name} ${list(r.index)} ${r.identical ? 'duplicates' : 'is a left prefix of'} ${r.coveredBy.name} ${list(r.coveredBy)}`).join('; ') +
        `: each costs writes and space and serves no lookup the other cannot; drop it in a migration (DROP INDEX), or keep it knowingly`
      : `no index duplicates another or is a left prefix of one (${catalog.indexes.length} indexes on ${tables} tables)`,
  };
}
