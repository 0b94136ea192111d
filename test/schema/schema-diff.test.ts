import { Column, JoinColumn, ManyToOne, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf } from '../../src/dialect/dialect-of';
import { bundledEntities } from '../../src/entities';
import { DefinedEntity } from '../../src/entities/defined-entity';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { createTenantTable } from '../../src/migrations/ddl';
import { schemaMigrations } from '../../src/migrations/schema';
import { NOW } from '../../src/schema/table-definition';
import { tenantTable } from '../../src/schema/tenant-table';
import { withoutTenantScope } from '../../src/tenancy';
import { uuidv7 } from '../../src/uuid';
import { readCatalogAsMysql8 } from '../support/mysql8-catalog';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * Regression (issue 13): after the bundled migrations, TypeORM's schema builder (the engine of
 * `migration:generate` and `schema:log`) wanted 1,036 statements on PostgreSQL — every tenant key,
 * every named index and comment dropped, enum columns dropped and re-added. Entities and DDL now
 * come from one definition; the diff is empty, for the bundled schema and for a user's own tables
 * made with the builder, and real drift still shows.
 */

const notebooks = tenantTable({
  name: 'diff_notebooks',
  comment: 'Notebooks of a tenant',
  columns: [
    { name: 'title', type: 'varchar(200)', comment: 'Shown in the list' },
    { name: 'kind', type: 'enum', values: ['paper', 'digital'], default: 'paper' },
    { name: 'opened_at', type: 'timestamp', default: NOW },
  ],
  uniques: [{ name: 'uq_diff_notebooks_title', columns: ['tenant_id', 'title'], whileLive: true }],
});

const notes = tenantTable({
  name: 'diff_notes',
  comment: 'Notes in a notebook',
  references: [
    { column: 'notebook_id', table: 'diff_notebooks' },
    { column: 'parent_id', table: 'diff_notes', nullable: true, comment: 'Thread parent' },
  ],
  columns: [
    { name: 'body', type: 'text', nullable: true, comment: 'Markdown' },
    { name: 'status', type: 'enum', values: ['draft', 'done'], default: 'draft' },
    { name: 'price', type: 'decimal(12,4)', nullable: true },
    { name: 'data', type: 'json', nullable: true },
  ],
  uniques: [{ name: 'uq_diff_notes_status_notebook', columns: ['tenant_id', 'status', 'notebook_id'] }],
  indexes: [{ name: 'idx_diff_notes_tenant_price', columns: ['tenant_id', 'price'] }],
});

@DefinedEntity(notebooks)
class DiffNotebook extends TenantAwareEntity {
  @Column() title: string;
  @Column() kind: 'paper' | 'digital';
  @Column({ name: 'opened_at' }) openedAt: Date;
}

@DefinedEntity(notes)
class DiffNote extends TenantAwareEntity {
  @Column() body: string | null;
  @Column() status: 'draft' | 'done';
  @Column() price: string | null;
  @Column() data: Record<string, unknown> | null;
  @Column({ name: 'notebook_id' }) notebookId: string;
  @Column({ name: 'parent_id' }) parentId: string | null;
  @ManyToOne(() => DiffNotebook) @JoinColumn({ name: 'notebook_id' }) notebook?: DiffNotebook;
}

class CreateDiffTables1800000000200 implements MigrationInterface {
  name = 'CreateDiffTables1800000000200';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, notebooks);
    await createTenantTable(queryRunner, notes);
  }
  async down(): Promise<void> {}
}

async function diff(ds: DataSource): Promise<string[]> {
  return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
}

describeEachDatabase(
  'schema diff after the migrations',
  { entities: [...bundledEntities, DiffNotebook, DiffNote], migrations: [...schemaMigrations, CreateDiffTables1800000000200] },
  (db) => {
    beforeAll(() => {
      if (db().target.name === 'mysql') readCatalogAsMysql8(db().dataSource);
    });

    it('migration:generate / schema:log find nothing to change: bundled schema and tables made with createTenantTable', async () => {
      expect(await diff(db().dataSource)).toEqual([]);
    });

    it('real drift still shows: a dropped index is re-created, a changed column type changed back, a planted one-column key dropped', async () => {
      const ds = db().dataSource;
      const d = dialectOf(ds);
      const q = d.quote;
      const index = 'idx_diff_notes_tenant_price';
      await ds.query(d.family === 'postgres' ? `DROP INDEX ${q(index)}` : `DROP INDEX ${q(index)} ON ${q('diff_notes')}`);
      await ds.query(
        d.family === 'postgres'
          ? `ALTER TABLE ${q('diff_notebooks')} ALTER COLUMN ${q('title')} TYPE varchar(150)`
          : `ALTER TABLE ${q('diff_notebooks')} MODIFY ${q('title')} varchar(150) NOT NULL COMMENT 'Shown in the list'`,
      );
      await ds.query(`ALTER TABLE ${q('diff_notes')} ADD CONSTRAINT ${q('fk_planted_notebook')} FOREIGN KEY (${q('notebook_id')}) REFERENCES ${q('diff_notebooks')} (${q('id')})`);
      const statements = await diff(ds);
      expect(statements.some((s) => s.includes(index) && /^CREATE INDEX/.test(s))).toBe(true);
      expect(statements.some((s) => /title/.test(s) && /varchar\(200\)|character varying\(200\)/.test(s))).toBe(true);
      expect(statements.some((s) => s.includes('fk_planted_notebook') && /DROP/.test(s))).toBe(true);
      // Nothing else of the defined tables is touched.
      expect(statements.filter((s) => !/idx_diff_notes_tenant_price|title|fk_planted_notebook|uq_diff_notebooks_title/.test(s))).toEqual([]);
    });

    it("the builder's in-tenant references refuse a parent of another tenant (required and optional), and accept the own tenant's", async () => {
      const ds = db().dataSource;
      const [a, b] = [uuidv7(), uuidv7()];
      await withoutTenantScope(async () => {
        for (const [id, slug] of [[a, `a-${a.slice(-6)}`], [b, `b-${b.slice(-6)}`]]) await ds.query(...insert(ds, 'tenants', { id, name: slug, slug }));
        const book = uuidv7();
        await ds.query(...insert(ds, 'diff_notebooks', { id: book, tenant_id: a, title: 'A book' }));
        const note = uuidv7();
        await ds.query(...insert(ds, 'diff_notes', { id: note, tenant_id: a, notebook_id: book }));
        await expect(ds.query(...insert(ds, 'diff_notes', { id: uuidv7(), tenant_id: b, notebook_id: book }))).rejects.toThrow(/foreign key/i);
        const own = uuidv7();
        await ds.query(...insert(ds, 'diff_notebooks', { id: own, tenant_id: b, title: 'B book' }));
        await expect(ds.query(...insert(ds, 'diff_notes', { id: uuidv7(), tenant_id: b, notebook_id: own, parent_id: note }))).rejects.toThrow(/foreign key|same tenant/i);
        await ds.query(...insert(ds, 'diff_notes', { id: uuidv7(), tenant_id: a, notebook_id: book, parent_id: note, status: 'done' }));
      });
    });
  },
);

/** A raw INSERT (the wall's second line is what is tested, not the scope layer). */
function insert(ds: DataSource, table: string, row: Record<string, unknown>): [string, unknown[]] {
  const q = (s: string) => ds.driver.escape(s);
  const keys = Object.keys(row);
  return [`INSERT INTO ${q(table)} (${keys.map(q).join(', ')}) VALUES (${keys.map((_k, i) => ds.driver.createParameter(`p${i}`, i)).join(', ')})`, Object.values(row)];
}
