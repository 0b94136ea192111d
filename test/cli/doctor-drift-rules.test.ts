import type { DoctorCatalog } from '../../src/cli/doctor/doctor-catalog';
import { redundantIndexesOf } from '../../src/cli/doctor/redundant-indexes-check';
import { declaredCollation, indexKindOf, isImplicitCheck, isImplicitIndex, normalizeColumnType, sameReferentialAction, setNullColumns, updateRuleOf, type IndexInfo } from '../../src/dialect/catalog';
import { mariadbDialect, mysqlDialect, postgresDialect } from '../../src/dialect';

/** The rules behind `schema-drift` and `redundant-indexes`, on made-up catalog rows (no database). */

describe('normalizeColumnType', () => {
  it.each([
    ['postgres', 'character varying(200)', 'varchar(200)'],
    ['postgres', 'timestamp(6) with time zone', postgresDialect.timestampType],
    ['postgres', 'integer', 'int'],
    ['postgres', 'numeric(12,4)', 'decimal(12,4)'],
    ['postgres', 'character(2)', 'char(2)'],
    ['postgres', 'jsonb', postgresDialect.jsonType],
    ['postgres', 'uuid', postgresDialect.uuidType],
    ['mysql', 'char(36)', mysqlDialect.uuidType],
    ['mysql', 'uuid', mariadbDialect.uuidType],
    ['mysql', 'datetime(6)', mysqlDialect.timestampType],
    ['mysql', 'longtext', mariadbDialect.jsonType],
    ['mysql', 'tinyint(1)', 'boolean'],
    ['mysql', 'int(11)', 'int'],
    ['mysql', 'bigint(20)', 'bigint'],
    ['mysql', 'smallint(6)', 'smallint'],
  ] as const)('%s: the catalog’s %s is the schema’s %s', (family, found, expected) => {
    expect(normalizeColumnType(family, found)).toBe(normalizeColumnType(family, expected));
  });

  it.each([
    ['postgres', 'character varying(200)', 'varchar(100)'],
    ['postgres', 'timestamp(6) without time zone', 'timestamptz(6)'],
    ['postgres', 'json', 'jsonb'],
    ['mysql', 'char(36)', 'UUID'],
    ['mysql', 'tinyint(4)', 'boolean'],
    ['mysql', 'varchar(36)', 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'],
  ] as const)('%s: %s is not %s', (family, found, expected) => {
    expect(normalizeColumnType(family, found)).not.toBe(normalizeColumnType(family, expected));
  });
});

describe('declaredCollation', () => {
  it('reads the collation a schema type names (compared apart from the type on the MySQL family)', () => {
    expect(declaredCollation(mysqlDialect.uuidType)).toBe('ascii_bin');
    expect(declaredCollation(mariadbDialect.uuidType)).toBeNull();
    expect(declaredCollation('varchar(200)')).toBeNull();
  });
});

describe('indexKindOf', () => {
  it('reads method, INCLUDE columns and partial-or-not from the index statements of each dialect', () => {
    const t = 'conferences';
    expect(indexKindOf(postgresDialect.fullTextIndex(t, 'ft', ['title', 'description'])!.sql)).toEqual({ method: 'gin', include: [], partial: false });
    expect(indexKindOf(mysqlDialect.fullTextIndex(t, 'ft', ['title', 'description'])!.sql)).toEqual({ method: 'fulltext', include: [], partial: false });
    expect(indexKindOf(postgresDialect.coveringIndex(t, 'c', ['tenant_id'], [{ name: 'id' }, { name: 'title' }]).sql)).toEqual({ method: 'btree', include: ['id', 'title'], partial: false });
    expect(indexKindOf(mysqlDialect.coveringIndex(t, 'c', ['tenant_id'], [{ name: 'id' }]).sql)).toEqual({ method: 'btree', include: [], partial: false });
    expect(indexKindOf(postgresDialect.partialIndex(t, 'p', ['tenant_id'], { column: 'status', values: ['a'] }).sql)).toEqual({ method: 'btree', include: [], partial: true });
    expect(indexKindOf(mariadbDialect.partialIndex(t, 'p', ['tenant_id'], { column: 'status', values: ['a'] }).sql).partial).toBe(false);
  });
});

describe('referential actions', () => {
  it("reads PostgreSQL's SET NULL column list and the ON UPDATE rule from constraint SQL, quoted or not", () => {
    expect(setNullColumns('FOREIGN KEY (tenant_id, venue_id) REFERENCES venues(tenant_id, id) ON DELETE SET NULL (venue_id)')).toEqual(['venue_id']);
    expect(setNullColumns('CONSTRAINT "fk" FOREIGN KEY ("tenant_id", "venue_id") REFERENCES "venues" ("tenant_id", "id") ON DELETE SET NULL ("venue_id") ON UPDATE NO ACTION')).toEqual(['venue_id']);
    expect(setNullColumns('… ON DELETE SET NULL ON UPDATE NO ACTION')).toBeNull();
    expect(updateRuleOf('… ON DELETE CASCADE ON UPDATE NO ACTION')).toBe('NO ACTION');
    expect(updateRuleOf('… ON DELETE CASCADE')).toBeNull();
  });

  it('takes RESTRICT for NO ACTION on the MySQL family only', () => {
    expect(sameReferentialAction('mysql', 'RESTRICT', 'NO ACTION')).toBe(true);
    expect(sameReferentialAction('postgres', 'RESTRICT', 'NO ACTION')).toBe(false);
    expect(sameReferentialAction('mysql', 'CASCADE', 'NO ACTION')).toBe(false);
  });
});

describe('objects the database makes by itself', () => {
  const index = (name: string, columns: string[], unique = false): IndexInfo => ({ table: 't', name, unique, primary: false, columns, include: [], predicate: null, method: 'btree', definition: '', valid: true });

  it("InnoDB's index for a foreign key (named after it, its columns) on the MySQL family only", () => {
    const keys = [{ name: 'fk_t_venue_id', columns: ['venue_id'] }];
    expect(isImplicitIndex('mysql', index('fk_t_venue_id', ['venue_id']), keys)).toBe(true);
    expect(isImplicitIndex('mysql', index('fk_t_venue_id', ['venue_id', 'x']), keys)).toBe(false);
    expect(isImplicitIndex('mysql', index('idx_other', ['venue_id']), keys)).toBe(false);
    expect(isImplicitIndex('postgres', index('fk_t_venue_id', ['venue_id']), keys)).toBe(false);
  });

  it("MariaDB's json_valid check of a JSON column, named after the column", () => {
    expect(isImplicitCheck('mysql', { table: 't', name: 'settings', kind: 'CHECK', definition: 'json_valid(`settings`)' })).toBe(true);
    expect(isImplicitCheck('mysql', { table: 't', name: 'chk_t_status', kind: 'CHECK', definition: 'json_valid(`settings`)' })).toBe(false);
    expect(isImplicitCheck('postgres', { table: 't', name: 'settings', kind: 'CHECK', definition: 'json_valid(`settings`)' })).toBe(false);
  });
});

describe('redundantIndexesOf', () => {
  const index = (name: string, columns: string[], more: Partial<IndexInfo> = {}): IndexInfo => ({
    table: 't',
    name,
    unique: false,
    primary: false,
    columns,
    include: [],
    predicate: null,
    method: 'btree',
    definition: '',
    valid: true,
    ...more,
  });
  const catalog = (indexes: IndexInfo[], foreignKeys: DoctorCatalog['foreignKeys'] = []) => ({ tables: ['t'], indexes, foreignKeys }) as unknown as DoctorCatalog;
  const names = (c: DoctorCatalog, family: 'postgres' | 'mysql' = 'postgres', keep?: Set<string>) => redundantIndexesOf(c, family, 't', keep).map((r) => `${r.index.name} < ${r.coveredBy.name}`);

  it('flags a duplicate once (the later name, or the one outside keep) and a left prefix, against the closest index', () => {
    const c = catalog([index('a', ['x', 'y']), index('b', ['x', 'y']), index('c', ['x'])]);
    expect(names(c)).toEqual(['b < a', 'c < a']);
    expect(names(c, 'postgres', new Set(['t.b']))).toEqual(['a < b', 'c < b']);
    // A wider index makes all three redundant.
    expect(names(catalog([...c.indexes, index('d', ['x', 'y', 'z'])]))).toEqual(['a < d', 'b < d', 'c < d']);
  });

  it('never flags a primary key, a unique index, a partial, expression or GIN index, nor one with INCLUDE columns the other lacks', () => {
    const c = catalog([
      index('pk', ['id'], { primary: true, unique: true }),
      index('pk_copy', ['id']),
      index('uq', ['x'], { unique: true }),
      index('uq_wide', ['x', 'y'], { unique: true }),
      index('partial', ['y'], { predicate: '(y IS NOT NULL)' }),
      index('expr', [null as unknown as string]),
      index('gin', ['y', 'z'], { method: 'gin' }),
      index('covering', ['y'], { include: ['w'] }),
      index('wide', ['y', 'z']),
    ]);
    // pk_copy duplicates the primary key: it goes, the key stays; nothing else is redundant.
    expect(names(c)).toEqual(['pk_copy < pk']);
  });

  it('MySQL family: an index a foreign key can use is redundant when a wider one serves that key too', () => {
    const c = catalog([index('fk_t_x', ['x']), index('idx_x_y', ['x', 'y'])], [{ table: 't', name: 'fk_t_x', columns: ['x'], refTable: 'p', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION', definition: '' }]);
    expect(names(c, 'mysql')).toEqual(['fk_t_x < idx_x_y']);
  });
});
