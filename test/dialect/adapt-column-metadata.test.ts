import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn, type DataSource, type QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { UuidV7Entity } from '../../src/entities/uuid-v7-entity';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { openOwnDataSource } from '../support/own-data-source';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * Regression: enableTenancy rewrote column types of every entity (PostgreSQL timestamp →
 * timestamptz, json → jsonb; MySQL family timestamp → datetime(6), uuid → char(36)), so a table
 * created by plain TypeORM lost the data of those columns on the next `synchronize()` (DROP + ADD
 * COLUMN) and `migration:generate` never came back empty.
 */

/** Not tenant-aware: every column kind that used to be rewritten. */
@Entity('inert_events')
class LegacyEvent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'timestamp' }) at: Date;
  @Column({ type: 'timestamp', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' }) touched: Date;
  @Column({ type: 'json', nullable: true }) data: Record<string, unknown> | null;
  @Column({ type: 'uuid' }) ref: string;
  @CreateDateColumn() created: Date;
}

/** Not tenant-aware either, on the library's UUIDv7 base class. */
@Entity('inert_gadgets')
class Gadget extends UuidV7Entity {
  @Column({ type: 'varchar', length: 50 }) name: string;
}

/** A user's tenant-aware entities, with a foreign key between them. */
@Entity('inert_groups')
class EventGroup extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 50 }) name: string;
}

@Entity('inert_tenant_events')
class TenantEvent extends TenantAwareEntity {
  @Column({ type: 'timestamp' }) at: Date;
  @Column({ type: 'json', nullable: true }) data: Record<string, unknown> | null;
  @Column({ type: 'uuid', nullable: true }) ref: string | null;
  @ManyToOne(() => EventGroup, { nullable: true }) group?: EventGroup | null;
}

const entities = [LegacyEvent, Gadget, EventGroup, TenantEvent];
const TABLES = ['inert_events', 'inert_gadgets', 'inert_groups', 'inert_tenant_events'];

const shape = (c: ColumnMetadata) => ({
  column: `${c.entityMetadata.tableName}.${c.databaseName}`,
  type: typeof c.type === 'function' ? c.type.name : c.type,
  length: c.length,
  precision: c.precision,
  scale: c.scale,
  charset: c.charset,
  collation: c.collation,
  nullable: c.isNullable,
  default: typeof c.default === 'function' ? c.default() : c.default,
});
const shapes = (ds: DataSource, targets: Function[]) => targets.flatMap((t) => ds.getMetadata(t).columns.map(shape));

/** Every row of every table, as the database returns it (ids included). */
async function dump(ds: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await ds.query(`SELECT * FROM ${ds.driver.escape(t)} ORDER BY ${ds.driver.escape('id')}`);
  return out;
}

const statements = async (ds: DataSource) => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

/** Records the SQL `synchronize()` sends. */
async function synchronizeLogged(ds: DataSource): Promise<string[]> {
  const sent: string[] = [];
  const original = ds.logger.logQuery.bind(ds.logger);
  Object.assign(ds.logger, { logQuery: (query: string, ...rest: unknown[]) => (sent.push(query), original(query, ...(rest as []))) });
  Object.assign(ds.options, { logging: ['query'] });
  await ds.synchronize();
  return sent;
}

describeEachDatabase('column metadata of entities the layer does not own', { migrate: false, tenancy: false }, (db) => {
  it("a non-tenant entity's column metadata equals plain TypeORM's", async () => {
    const plain = await openOwnDataSource(db(), entities, { tenancy: false });
    const expected = shapes(plain, [LegacyEvent, Gadget]);
    await plain.destroy();
    const tenancy = await openOwnDataSource(db(), entities);
    try {
      expect(shapes(tenancy, [LegacyEvent, Gadget])).toEqual(expected);
    } finally {
      await tenancy.destroy();
    }
  });

  it('tables made by plain synchronize(): with enableTenancy log() reports what plain TypeORM reports (nothing), synchronize() drops nothing, rows survive', async () => {
    const plain = await openOwnDataSource(db(), entities, { tenancy: false, synchronize: true });
    const tenant = uuidv7();
    const at = new Date('2026-01-02T03:04:05.000Z');
    let before: Record<string, unknown[]>;
    let expected: string[];
    try {
      await plain.getRepository(LegacyEvent).save({ at, data: { a: 1 }, ref: uuidv7() });
      await plain.getRepository(Gadget).save(plain.getRepository(Gadget).create({ name: 'g' }));
      const group = await plain.getRepository(EventGroup).save(plain.getRepository(EventGroup).create({ name: 'g', tenantId: tenant }));
      await plain.getRepository(TenantEvent).save(plain.getRepository(TenantEvent).create({ at, data: { b: [1, 2] }, ref: uuidv7(), tenantId: tenant, group }));
      before = await dump(plain);
      expected = await statements(plain);
    } finally {
      await plain.destroy();
    }
    // TypeORM's own diff: empty, except for `type: 'mysql'` on a MariaDB server, where plain
    // TypeORM itself re-creates its json columns (MariaDB stores JSON as longtext) and restates
    // nullable columns. The layer must add nothing to it.
    if (db().target.name !== 'mysql') expect(expected).toEqual([]);
    const recreatedByTypeorm = droppedColumns(expected);

    const tenancy = await openOwnDataSource(db(), entities);
    try {
      expect(await statements(tenancy)).toEqual(expected);
      const sent = await synchronizeLogged(tenancy);
      expect(droppedColumns(sent)).toEqual(recreatedByTypeorm);
      expect(withoutColumns(await dump(tenancy), recreatedByTypeorm)).toEqual(withoutColumns(before, recreatedByTypeorm));
      const events = await tenancy.getRepository(LegacyEvent).find();
      expect(events.map((e) => e.at.toISOString())).toEqual([at.toISOString()]);
    } finally {
      await tenancy.destroy();
    }
  });

  it('a fresh synchronize() with enableTenancy writes our DDL types for the base columns only, and log() is then as empty as plain TypeORM\'s', async () => {
    const plain = await openOwnDataSource(db(), entities, { tenancy: false, extra: { dropSchema: true, synchronize: true } });
    const expected = await statements(plain).finally(() => plain.destroy());
    const tenancy = await openOwnDataSource(db(), entities, { extra: { dropSchema: true, synchronize: true } });
    try {
      const after = await statements(tenancy);
      if (expected.length === 0) expect(after).toEqual([]);
      expect(droppedColumns(after)).toEqual(droppedColumns(expected));
      const type = (target: Function, property: string) => tenancy.getMetadata(target).findColumnWithPropertyPath(property)!.type;
      const family = db().target.family;
      const uuid = db().target.name === 'mysql' ? 'char' : 'uuid';
      expect([type(TenantEvent, 'id'), type(TenantEvent, 'tenantId'), tenancy.getMetadata(TenantEvent).findColumnWithDatabaseName('groupId')!.type]).toEqual([uuid, uuid, uuid]);
      expect(type(TenantEvent, 'createdAt')).toBe(family === 'postgres' ? 'timestamp with time zone' : 'datetime');
      // Columns the user declared keep TypeORM's types.
      expect([type(TenantEvent, 'at'), type(TenantEvent, 'data'), type(TenantEvent, 'ref')]).toEqual(['timestamp', 'json', 'uuid']);
      expect(type(Gadget, 'id')).toBe('uuid');
    } finally {
      await tenancy.destroy();
    }
  });
});

/** `table.column` of every DROP COLUMN statement. */
function droppedColumns(sql: string[]): string[] {
  return sql.flatMap((q) => {
    const m = /^ALTER TABLE [`"]?([\w.]+)[`"]? DROP COLUMN [`"]?(\w+)/i.exec(q);
    return m ? [`${m[1]}.${m[2]}`] : [];
  });
}

function withoutColumns(rows: Record<string, unknown[]>, columns: string[]): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [
      table,
      list.map((row) => Object.fromEntries(Object.entries(row as object).filter(([c]) => !columns.includes(`${table}.${c}`)))),
    ]),
  );
}

async function withMetadataTable(ds: DataSource, fn: (qr: QueryRunner) => Promise<void>): Promise<void> {
  const qr = ds.createQueryRunner();
  try {
    // The MySQL family's schema builder reads TypeORM's metadata table once generated columns exist (tenants has some).
    if (ds.driver.options.type !== 'postgres' && !(await qr.hasTable('typeorm_metadata'))) {
      await (ds.driver.createSchemaBuilder() as unknown as { createTypeormMetadataTable(q: QueryRunner): Promise<void> }).createTypeormMetadataTable(qr);
    }
    await fn(qr);
  } finally {
    await qr.release();
  }
}

describeEachDatabase('column metadata of tables createTenantTable wrote', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  it('the schema diff never drops or re-adds a column of a tenant-aware table', async () => {
    const ds = db().dataSource;
    await withMetadataTable(ds, async () => {
      const sql = await statements(ds);
      expect(sql.filter((q) => /^ALTER TABLE [`"](notes|notebooks)[`"] (DROP COLUMN|ADD [`"])/i.test(q))).toEqual([]);
    });
  });
});
