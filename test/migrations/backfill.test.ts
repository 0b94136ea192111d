import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../../src/dialect/dialect-of';
import { backfillColumn, type BackfillProgress } from '../../src/migrations/column-backfill';
import { addColumnWithBackfill, contractColumn, expandColumn, relaxColumn } from '../../src/migrations/expand-contract';
import type { ColumnSpec } from '../../src/schema/table-definition';
import { withTenant } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';
import { seedTenants } from '../support/tenants';
import { onRunner } from '../support/on-runner';
import { openWallOwner, seedThroughWall, type WallOwner } from '../support/wall-owner';
import { inWallScope } from '../support/wall-scope';

const TENANTS = 3;
const PER_TENANT = 7;
const slug: ColumnSpec = { name: 'bf_slug', type: 'varchar(220)', comment: 'Backfilled slug' };

/** Whether `notes.column` is nullable (its own connection: call it with none held, PGlite has one). */
const nullable = (ds: DataSource, column: string) => onRunner(ds, async (qr) => (await qr.getTable('notes'))!.findColumnByName(column)!.isNullable);

describeEachDatabase('expand, backfill, contract', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db, target) => {
  let tenants: string[];
  const q = (name: string) => dialectOf(db().dataSource).quote(name);
  beforeAll(async () => {
    tenants = await seedTenants(db().dataSource, 'bf-a', 'bf-b', 'bf-c');
    for (const [i, t] of tenants.entries()) {
      await withTenant(t, () => db().dataSource.getRepository(Note).insert(Array.from({ length: PER_TENANT }, (_x, k) => ({ title: `T${i}-Note-${k}`, views: k }))));
    }
  });

  it('adds the column nullable, fills every tenant\'s rows in batches by id range with progress, then makes it NOT NULL', async () => {
    const ds = db().dataSource;
    const seen: BackfillProgress[] = [];
    await onRunner(ds, async (qr) => {
      await expandColumn(qr, { table: 'notes', column: slug });
      expect((await qr.getTable('notes'))!.findColumnByName('bf_slug')!.isNullable).toBe(true);
      const last = await backfillColumn(qr, { table: 'notes', column: 'bf_slug', value: `lower(${q('title')})`, batchSize: 5, onProgress: (p) => seen.push(p) });
      expect(last).toEqual(seen[seen.length - 1]);
      await contractColumn(qr, { table: 'notes', column: slug });
    });
    const total = TENANTS * PER_TENANT;
    expect(seen.map((p) => [p.batch, p.rows])).toEqual([[1, 5], [2, 10], [3, 15], [4, 20], [5, 21]]);
    expect(seen[seen.length - 1]).toMatchObject({ rows: total, updated: total, table: 'notes', column: 'bf_slug' });
    for (const p of seen) expect(p.estimatedTotal).toBeGreaterThanOrEqual(p.rows);
    // Ranges follow the id order: every batch's last id is above the previous one.
    expect(seen.map((p) => p.lastId)).toEqual([...seen.map((p) => p.lastId)].sort());
    expect(await nullable(ds, 'bf_slug')).toBe(false);
    for (const t of tenants) {
      const notes = await withTenant(t, () => ds.getRepository(Note).createQueryBuilder('n').select(['n.title AS title', `n.bf_slug AS s`]).getRawMany());
      expect(notes).toHaveLength(PER_TENANT);
      for (const n of notes) expect(n.s).toBe(String(n.title).toLowerCase());
    }
    if (target.family === 'postgres') {
      expect(await ds.query(`SELECT conname FROM pg_constraint WHERE conname LIKE 'chk_notes_bf_slug%'`)).toEqual([]);
    }
    await onRunner(ds, (qr) => relaxColumn(qr, { table: 'notes', column: slug }));
    expect(await nullable(ds, 'bf_slug')).toBe(true);
  });

  it('a custom batch (update) gets each range as a condition; running again changes nothing; a resume starts after lastId', async () => {
    const ds = db().dataSource;
    const column: ColumnSpec = { name: 'bf_views', type: 'int' };
    const update = (qr: QueryRunner, r: { where: string; parameters: unknown[] }) =>
      qr.query(`UPDATE ${q('notes')} SET ${q('bf_views')} = ${q('views')} + 100 WHERE ${r.where}`, r.parameters, true).then((x) => x.affected ?? 0);
    await onRunner(ds, async (qr) => {
      await expandColumn(qr, { table: 'notes', column });
      const first = await backfillColumn(qr, { table: 'notes', column: 'bf_views', update, batchSize: 8, onProgress: () => undefined });
      expect(first).toMatchObject({ batch: 3, rows: 21, updated: 21 });
      const again = await backfillColumn(qr, { table: 'notes', column: 'bf_views', update, batchSize: 8, onProgress: () => undefined });
      expect(again).toMatchObject({ batch: 3, rows: 21, updated: 0 });
      const resumed = await backfillColumn(qr, { table: 'notes', column: 'bf_views', update, after: first.lastId, onProgress: () => undefined });
      expect(resumed).toMatchObject({ batch: 0, rows: 0, updated: 0, lastId: first.lastId });
    });
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM ${q('notes')} WHERE ${q('bf_views')} = ${q('views')} + 100`);
    expect(Number(n)).toBe(21);
  });

  it('contract with a NULL left fails and leaves the column nullable (on PostgreSQL without the NOT VALID check)', async () => {
    const ds = db().dataSource;
    const column: ColumnSpec = { name: 'bf_never', type: 'varchar(20)' };
    await onRunner(ds, async (qr) => {
      await expandColumn(qr, { table: 'notes', column });
      await expect(contractColumn(qr, { table: 'notes', column })).rejects.toThrow(target.family === 'postgres' ? /violated by some row/ : /NULL|ALGORITHM=INPLACE|Data truncated/i);
    });
    expect(await nullable(ds, 'bf_never')).toBe(true);
    if (target.family === 'postgres') expect(await ds.query(`SELECT conname FROM pg_constraint WHERE conname LIKE 'chk_notes_bf_never%'`)).toEqual([]);
  });

  it('refuses a batch size below 1 and a backfill with neither or both of value and update, before sending anything', async () => {
    await onRunner(db().dataSource, async (qr) => {
      await expect(backfillColumn(qr, { table: 'notes', column: 'bf_slug', value: '1', batchSize: 0 })).rejects.toThrow(RangeError);
      await expect(backfillColumn(qr, { table: 'notes', column: 'bf_slug' })).rejects.toThrow(/exactly one of value/);
    });
  });
});

let migrationKey = '';
const code: ColumnSpec = { name: 'bf_code', type: 'varchar(230)' };
/** A user's expand/backfill/contract migration, online (no transaction: each batch commits on its own). */
class AddNoteCodes1800000000950 implements MigrationInterface {
  name = 'AddNoteCodes1800000000950';
  transaction = false as const;
  async up(qr: QueryRunner): Promise<void> {
    await addColumnWithBackfill(qr, { table: 'notes', column: code, value: `upper(title)`, batchSize: 4, systemKey: migrationKey, onProgress: () => undefined });
  }
  async down(): Promise<void> {}
}

for (const target of TARGETS.filter((t) => t.family === 'postgres')) {
  (isAvailable(target) ? describe : describe.skip)(`backfill under forced RLS as a non-superuser owner [${target.name}]`, () => {
    let w: WallOwner;
    let tenants: string[];
    const filled = (column: string) =>
      inWallScope(w.owner, { systemKey: w.systemKey }, (qr) =>
        qr(`SELECT tenant_id AS tenant, count(*)::int AS total, count(${column})::int AS filled FROM notes GROUP BY tenant_id ORDER BY tenant_id`),
      );
    beforeAll(async () => {
      w = await openWallOwner(target, [CreateTestTables1800000000000]);
      tenants = await seedThroughWall(w.owner, w.systemKey, ['bw-a', 'bw-b', 'bw-c'], PER_TENANT);
    }, 120_000);
    afterAll(() => w?.close());

    it('without a key: SYSTEM_ACCESS_UNAVAILABLE before the first batch, no row filled (not a silent 0-row backfill)', async () => {
      const before = process.env.TENANCY_SYSTEM_KEY;
      delete process.env.TENANCY_SYSTEM_KEY;
      try {
        await onRunner(w.owner, async (qr) => {
          await expandColumn(qr, { table: 'notes', column: slug });
          await expect(backfillColumn(qr, { table: 'notes', column: 'bf_slug', value: 'lower(title)', onProgress: () => undefined })).rejects.toMatchObject({
            code: 'SYSTEM_ACCESS_UNAVAILABLE',
            problem: 'key-missing',
          });
        });
      } finally {
        if (before !== undefined) process.env.TENANCY_SYSTEM_KEY = before;
      }
      expect(await filled('bf_slug')).toEqual([...tenants].sort().map((tenant) => ({ tenant, total: PER_TENANT, filled: 0 })));
    });

    it('addColumnWithBackfill in a migration run by TypeORM (transaction = false) fills every tenant\'s rows, then NOT NULL', async () => {
      migrationKey = w.systemKey;
      const ds = await w.open(undefined, { migrations: [...w.owner.migrations.map((m) => m.constructor as new () => MigrationInterface), AddNoteCodes1800000000950] });
      try {
        expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(['AddNoteCodes1800000000950']);
      } finally {
        await ds.destroy();
      }
      expect(await filled('bf_code')).toEqual([...tenants].sort().map((tenant) => ({ tenant, total: PER_TENANT, filled: PER_TENANT })));
      expect(await nullable(w.owner, 'bf_code')).toBe(false);
    });
  });
}
