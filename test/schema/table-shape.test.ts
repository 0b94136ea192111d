import { mariadbDialect, mysqlDialect } from '../../src/dialect/mysql-dialect';
import { postgresDialect } from '../../src/dialect/postgres-dialect';
import { schemaTables, tenantsTable } from '../../src/schema';
import { shapeOf, type IndexShape } from '../../src/schema/table-shape';

const DIALECTS = [postgresDialect, mysqlDialect, mariadbDialect];
const tables = [tenantsTable, ...schemaTables];

/** B-tree indexes over plain key columns: the ones a left prefix can make redundant. */
const btree = (i: IndexShape) => i.columns.length > 0 && !/FULLTEXT|USING GIN|INCLUDE|WHERE/.test(i.sql);
const prefixOf = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((c, i) => b[i] === c);

describe.each(DIALECTS)('bundled table shapes on $name', (d) => {
  it('ship no redundant index: none identical to another or a left prefix of another (unique ones excepted)', () => {
    const redundant = tables.flatMap((def) => {
      const shape = shapeOf(def, d);
      const indexes = [...shape.indexes, ...shape.uniqueConstraints.map((u) => ({ ...u, unique: true, sql: '', comparable: true }) as IndexShape)];
      return indexes
        .filter((i) => btree(i) && !i.unique)
        .filter((i) => indexes.some((o) => o !== i && btree(o) && prefixOf(i.columns, o.columns)))
        .map((i) => `${def.name}.${i.name} (${i.columns.join(', ')})`);
    });
    expect(redundant).toEqual([]);
  });

  it('give every index, key and check a name unique in its scope and short enough for the dialect', () => {
    const names = tables.flatMap((def) => {
      const shape = shapeOf(def, d);
      // PostgreSQL: index names per schema; the MySQL family: per table.
      const scope = d.family === 'postgres' ? '' : def.name;
      return [...shape.indexes.map((i) => `${scope}.${i.name}`), ...shape.foreignKeys.map((f) => `.${f.name}`), ...shape.checks.map((c) => `.${c.name}`)];
    });
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names.filter((n) => n.split('.')[1].length > 63)).toEqual([]);
  });

  it('conferences: the seed columns and indexes, the duplicate (created_at) index gone', () => {
    const shape = shapeOf(schemaTables.find((t) => t.name === 'conferences')!, d);
    const columns = shape.columns.map((c) => c.name);
    for (const c of ['subtitle', 'start_time', 'end_time', 'registration_start', 'registration_end', 'logo', 'banner', 'website_url', 'social_links', 'contact_info', 'tags']) {
      expect(columns).toContain(c);
    }
    const names = shape.indexes.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining([d.indexName('conferences', 'idx_tenant_primary'), d.indexName('conferences', 'idx_tenant_title'), 'idx_conference_content']));
    expect(names).not.toContain('idx_conferences_created');
    expect(names.includes('idx_conference_english')).toBe(d.family === 'postgres');
    expect(shape.indexes.filter((i) => btree(i) && i.columns.length === 1 && i.columns[0] === 'created_at')).toHaveLength(1);
  });
});

describe('generated SQL per dialect (a silent change of shape fails here)', () => {
  const conferences = schemaTables.find((t) => t.name === 'conferences')!;
  it('postgres: enum as varchar + named CHECK, optional reference nulls only its column, English full-text', () => {
    const shape = shapeOf(conferences, postgresDialect);
    expect(shape.columns.find((c) => c.name === 'status')!.sql).toBe(`"status" varchar(9) NOT NULL DEFAULT 'draft'`);
    expect(shape.checks[0].sql).toBe(`CONSTRAINT "chk_conferences_status" CHECK ("status" IN ('draft', 'published', 'ongoing', 'completed', 'cancelled', 'archived'))`);
    expect(shape.foreignKeys.find((f) => f.name === 'fk_conferences_venue_id')!.sql).toBe(
      `CONSTRAINT "fk_conferences_venue_id" FOREIGN KEY ("tenant_id", "venue_id") REFERENCES "venues" ("tenant_id", "id") ON DELETE SET NULL ("venue_id") ON UPDATE NO ACTION`,
    );
    expect(shape.indexes.find((i) => i.name === 'idx_conference_english')!.sql).toBe(
      `CREATE INDEX "idx_conference_english" ON "conferences" USING GIN (to_tsvector('english', coalesce("title", '') || ' ' || coalesce("subtitle", '') || ' ' || coalesce("description", '')))`,
    );
  });
  it('mysql: portable UUIDs, one-column SET NULL key plus triggers, title prefix index, live marker', () => {
    const shape = shapeOf(conferences, mysqlDialect);
    expect(shape.columns.find((c) => c.name === 'venue_id')!.sql).toBe("`venue_id` CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL COMMENT 'Where it takes place; NULL for online-only or not yet chosen'");
    expect(shape.foreignKeys.find((f) => f.name === 'fk_conferences_venue_id')!.sql).toBe(
      'CONSTRAINT `fk_conferences_venue_id` FOREIGN KEY (`venue_id`) REFERENCES `venues` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    expect(shape.triggers.filter((t) => t.includes('trg_conferences_venue_id_'))).toHaveLength(2);
    expect(shape.indexes.find((i) => i.name === 'idx_tenant_title')!.sql).toBe('CREATE INDEX `idx_tenant_title` ON `conferences` (`tenant_id`, `title`(50))');
    expect(shape.columns.find((c) => c.name === 'unique_tenant_slug_live')!.sql).toMatch(/^`unique_tenant_slug_live` smallint GENERATED ALWAYS AS \(CASE WHEN deleted_at IS NULL THEN 1 END\) STORED COMMENT /);
  });
  it('mariadb: native UUID', () => {
    expect(shapeOf(conferences, mariadbDialect).columns.find((c) => c.name === 'id')!.type).toBe('UUID');
  });
});
