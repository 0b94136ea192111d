import {
  declaredCollation,
  describeIndexKind,
  indexKindOf,
  liveIndexKind,
  isImplicitCheck,
  isImplicitIndex,
  normalizeColumnType,
  sameReferentialAction,
  setNullColumns,
  updateRuleOf,
  type CatalogFamily,
  type ForeignKeyInfo,
  type IndexInfo,
} from '../../dialect/catalog';
import type { ForeignKeyShape, TableShape } from '../../schema/table-shape';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const list = (columns: ReadonlyArray<string | null>) => (columns.length === 0 || columns.every((c) => c === null) ? '(an expression)' : `(${columns.map((c) => c ?? '(expression)').join(', ')})`);
const nullability = (nullable: boolean) => (nullable ? 'NULL' : 'NOT NULL');
/** A foreign key as people read it; `sql` (the shape's constraint, PostgreSQL's definition) adds the SET NULL column list. */
interface KeyForm {
  columns: readonly string[];
  refTable: string;
  refColumns: readonly string[];
  onDelete: string;
  onUpdate: string | null;
  setNull: string[] | null;
}
const describeKey = (family: CatalogFamily, f: KeyForm) =>
  `(${f.columns.join(', ')}) → ${f.refTable}(${f.refColumns.join(', ')}) ON DELETE ${f.onDelete}${f.setNull ? ` (${f.setNull.join(', ')})` : ''}` +
  (f.onUpdate && !sameReferentialAction(family, f.onUpdate, 'NO ACTION') ? ` ON UPDATE ${f.onUpdate}` : '');
const expectedKey = (k: ForeignKeyShape): KeyForm => ({ ...k, onUpdate: updateRuleOf(k.sql), setNull: setNullColumns(k.sql) });
// The MySQL family reports no definition: there a SET NULL always nulls every key column.
const liveKey = (k: ForeignKeyInfo): KeyForm => ({ ...k, setNull: k.definition ? setNullColumns(k.definition) : null });

function sameKey(family: CatalogFamily, want: KeyForm, live: KeyForm): boolean {
  return (
    same(live.columns, want.columns) &&
    live.refTable === want.refTable &&
    same(live.refColumns, want.refColumns) &&
    sameReferentialAction(family, live.onDelete, want.onDelete) &&
    (want.onUpdate === null || live.onUpdate === null || sameReferentialAction(family, live.onUpdate, want.onUpdate)) &&
    JSON.stringify(live.setNull) === JSON.stringify(want.setNull)
  );
}

/** The MySQL family's two UUID forms: a database migrated through one URL scheme and inspected through the other. */
function uuidHint(family: CatalogFamily, expected: string, found: string): string {
  const forms = new Set(['uuid', 'char(36)']);
  if (family !== 'mysql' || expected === found || !forms.has(expected) || !forms.has(found)) return '';
  return ` (the URL scheme decides the UUID form: mysql:// expects CHAR(36), mariadb:// the native UUID; inspect with the scheme the database was migrated with)`;
}

function columnDrift(catalog: DoctorCatalog, family: CatalogFamily, shape: TableShape): string[] {
  const found = catalog.columns.filter((c) => c.table === shape.name);
  const problems: string[] = [];
  for (const column of shape.columns) {
    const live = found.find((c) => c.name === column.name);
    const expected = `${column.type} ${nullability(column.nullable)}`;
    if (!live) {
      problems.push(`column ${column.name} missing (expected ${expected}) — write a migration that adds it`);
      continue;
    }
    const [want, got] = [normalizeColumnType(family, column.type), normalizeColumnType(family, live.type)];
    if (want !== got || column.nullable !== live.nullable) {
      problems.push(`column ${column.name}: expected ${expected}, found ${live.type} ${nullability(live.nullable)}${uuidHint(family, want, got)} — write a migration that alters it`);
    }
    const collation = declaredCollation(column.type);
    if (collation !== null && live.collation !== null && live.collation.toLowerCase() !== collation) {
      problems.push(`column ${column.name}: expected collation ${collation}, found ${live.collation} — write a migration that alters it`);
    }
    if ((column.generated !== undefined) !== (live.generated !== null)) {
      problems.push(`column ${column.name}: expected ${column.generated !== undefined ? `a generated column (${column.generated})` : 'a plain column'}, found ${live.generated !== null ? 'a generated one' : 'a plain one'} — write a migration that re-creates it`);
    }
  }
  for (const extra of found.filter((c) => !shape.columns.some((s) => s.name === c.name))) {
    problems.push(`column ${extra.name} (${extra.type} ${nullability(extra.nullable)}) is not in the definition — drop it in a migration, or define it`);
  }
  return problems;
}

function indexDrift(catalog: DoctorCatalog, family: CatalogFamily, shape: TableShape): string[] {
  const found = catalog.indexes.filter((i) => i.table === shape.name);
  const problems: string[] = [];
  const primary = found.find((i) => i.primary);
  if (!primary) problems.push(`no primary key (expected (${shape.primaryKey.join(', ')})) — write a migration that adds it`);
  else if (!same(primary.columns, shape.primaryKey)) problems.push(`primary key: expected (${shape.primaryKey.join(', ')}), found ${list(primary.columns)} — write a migration that re-creates it`);
  // Unique constraints come from CREATE TABLE (a b-tree); indexes from their own statement.
  const expected = [
    ...shape.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns, unique: true, sql: null as string | null })),
    ...shape.indexes.map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, sql: i.sql as string | null })),
  ];
  const sameColumns = (want: readonly string[], live: IndexInfo) => (want.length === 0 ? live.columns.every((c) => c === null) : same(want, live.columns));
  for (const index of expected) {
    const live = found.find((i) => i.name === index.name && !i.primary);
    const what = `${index.unique ? 'unique ' : ''}index ${index.name}`;
    if (!live) problems.push(`${what} ${list(index.columns)} missing — write a migration that creates it`);
    else if (!sameColumns(index.columns, live)) problems.push(`${what}: expected ${list(index.columns)}, found ${list(live.columns)} — write a migration that recreates it`);
    else if (index.unique !== live.unique) problems.push(`index ${index.name}: expected ${index.unique ? 'unique' : 'not unique'}, found ${live.unique ? 'unique' : 'not unique'} — write a migration that recreates it`);
    else if (index.sql !== null) {
      // Method, INCLUDE columns and partial-or-not (the predicate's text is the database's rewrite; not compared).
      const [want, got] = [indexKindOf(index.sql), liveIndexKind(live)];
      if (want.method !== got.method || !same(want.include, got.include) || want.partial !== got.partial) {
        problems.push(`index ${index.name}: expected ${describeIndexKind(want)}, found ${describeIndexKind(got)} — write a migration that recreates it`);
      }
    }
  }
  const keys = catalog.foreignKeys.filter((f) => f.table === shape.name);
  const extra = found.filter((i) => !i.primary && !expected.some((e) => e.name === i.name) && !isImplicitIndex(family, i, keys));
  for (const index of extra) {
    problems.push(`${index.unique ? 'unique ' : ''}index ${index.name} ${list(index.columns)} is not in the definition — drop it in a migration, or define it`);
  }
  return problems;
}

function foreignKeyDrift(catalog: DoctorCatalog, family: CatalogFamily, shape: TableShape): string[] {
  const found = catalog.foreignKeys.filter((f) => f.table === shape.name);
  const problems: string[] = [];
  for (const key of shape.foreignKeys) {
    const live = found.find((f) => f.name === key.name);
    const want = expectedKey(key);
    if (!live) problems.push(`foreign key ${key.name} ${describeKey(family, want)} missing — write a migration that adds it`);
    else if (!sameKey(family, want, liveKey(live))) {
      problems.push(`foreign key ${key.name}: expected ${describeKey(family, want)}, found ${describeKey(family, liveKey(live))} — write a migration that drops and re-adds it`);
    }
  }
  for (const live of found.filter((f) => !shape.foreignKeys.some((k) => k.name === f.name))) {
    problems.push(`foreign key ${live.name} ${describeKey(family, liveKey(live))} is not in the definition — drop it in a migration`);
  }
  return problems;
}

function checkDrift(catalog: DoctorCatalog, family: CatalogFamily, shape: TableShape): string[] {
  const found = catalog.constraints.filter((c) => c.table === shape.name && c.kind === 'CHECK' && !isImplicitCheck(family, c));
  return [
    ...shape.checks.filter((c) => !found.some((f) => f.name === c.name)).map((c) => `check ${c.name} (${c.column} IN ${c.values.join(', ')}) missing — write a migration that adds it`),
    ...found.filter((f) => !shape.checks.some((c) => c.name === f.name)).map((f) => `check ${f.name} (${f.definition}) is not in the definition — drop it in a migration`),
  ];
}

/**
 * `schema-drift` of one table: the live catalog against the table's shape for the connected
 * dialect (what the bundled migrations create): every column with its type (normalised per family,
 * see `normalizeColumnType`), nullability, collation where the type names one (MySQL family) and
 * generated-or-not; the primary key; every unique
 * constraint and named index with its key columns in order, its uniqueness, method (b-tree or
 * full-text), INCLUDE columns and partial-or-not; every foreign key
 * with its columns, referenced table and columns, ON DELETE rule (with PostgreSQL's SET NULL column
 * list) and ON UPDATE rule; CHECK constraints by name.
 * Objects the definition does not have are drift too; objects the database makes by itself
 * (InnoDB's index for a foreign key, MariaDB's `json_valid` check) are not. Fails on any difference.
 *
 * @example
 * schemaDriftCheck(catalog, 'postgres', shapeOf(conferences, postgresDialect));
 * // { table: 'conferences', check: 'schema-drift', status: 'fail',
 * //   detail: 'index idx_x: expected (tenant_id, status), found (status, tenant_id) — write a migration that recreates it' }
 */
export function schemaDriftCheck(catalog: DoctorCatalog, family: CatalogFamily, shape: TableShape): DoctorCheck {
  const problems = [...columnDrift(catalog, family, shape), ...indexDrift(catalog, family, shape), ...foreignKeyDrift(catalog, family, shape), ...checkDrift(catalog, family, shape)];
  const count = (n: number, what: string, plural = `${what}s`) => `${n} ${n === 1 ? what : plural}`;
  return {
    table: shape.name,
    check: 'schema-drift',
    status: problems.length ? 'fail' : 'pass',
    detail: problems.length
      ? problems.join('; ')
      : `matches its definition: ${count(shape.columns.length, 'column')}, ${count(shape.indexes.length + shape.uniqueConstraints.length, 'index', 'indexes')}` +
        `, ${count(shape.foreignKeys.length, 'foreign key')}, ${count(shape.checks.length, 'check')}`,
  };
}
