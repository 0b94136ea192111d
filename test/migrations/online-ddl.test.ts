import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../../src/dialect/dialect-of';
import { createTenantTable } from '../../src/migrations/ddl';
import { createIndexOnline, withLockTimeout } from '../../src/migrations/online-ddl';
import { tenantTable } from '../../src/schema/tenant-table';
import { describeEachDatabase } from '../support/scratch-database';

const notes = tenantTable({ name: 'od_notes', comment: 'Notes', columns: [{ name: 'title', type: 'varchar(200)' }, { name: 'body', type: 'text', nullable: true }] });

class CreateOdNotes1800000000400 implements MigrationInterface {
  name = 'CreateOdNotes1800000000400';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, notes);
  }
  async down(): Promise<void> {}
}

/** A user's migration that builds an index online, marked as the docs say. */
class IndexOdNotes1800000000401 implements MigrationInterface {
  name = 'IndexOdNotes1800000000401';
  transaction = false as const;
  async up(queryRunner: QueryRunner): Promise<void> {
    await createIndexOnline(queryRunner, notes, { name: 'idx_od_notes_tenant_body', columns: ['tenant_id', 'body'], prefix: { body: 40 } });
  }
  async down(): Promise<void> {}
}

async function indexNames(ds: DataSource, table: string): Promise<string[]> {
  const runner = ds.createQueryRunner();
  try {
    return (await runner.getTable(table))!.indices.map((i) => i.name!).sort();
  } finally {
    await runner.release();
  }
}

/** Every statement a runner sends while `fn` runs. */
async function sent(runner: QueryRunner, fn: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) => (statements.push(sql), query(sql, ...(rest as [])))) as typeof runner.query;
  try {
    await fn();
  } finally {
    runner.query = query;
  }
  return statements;
}

describeEachDatabase('online DDL helpers', { migrations: [CreateOdNotes1800000000400, IndexOdNotes1800000000401] }, (db, target) => {
  it('a migration marked transaction = false builds its index online (CONCURRENTLY / ALGORITHM=INPLACE LOCK=NONE)', async () => {
    expect(await indexNames(db().dataSource, 'od_notes')).toContain('idx_od_notes_tenant_body');
    const runner = db().dataSource.createQueryRunner();
    try {
      const statements = await sent(runner, () => createIndexOnline(runner, notes, { name: 'idx_od_notes_title_only', columns: ['title'] }));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(target.family === 'postgres' ? /^CREATE INDEX CONCURRENTLY / : / ALGORITHM=INPLACE LOCK=NONE$/);
    } finally {
      await runner.release();
    }
    expect(await indexNames(db().dataSource, 'od_notes')).toContain('idx_od_notes_title_only');
  });

  (target.family === 'postgres' ? it : it.skip)('PostgreSQL only: inside a transaction it refuses with MIGRATION_TRANSACTION_ACTIVE and sends nothing', async () => {
    const runner = db().dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const statements = await sent(runner, () =>
        expect(createIndexOnline(runner, notes, { name: 'idx_od_notes_refused', columns: ['tenant_id', 'title'] })).rejects.toMatchObject({
          code: 'MIGRATION_TRANSACTION_ACTIVE',
          message: expect.stringMatching(/transaction = false/),
        }),
      );
      expect(statements).toEqual([]);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await indexNames(db().dataSource, 'od_notes')).not.toContain('idx_od_notes_refused');
  });

  // PGlite serves one session: nothing else can hold the lock (skipped there, visibly).
  (target.name === 'pglite' ? it.skip : it)('withLockTimeout: DDL waiting for a lock held elsewhere fails after the timeout, and the previous timeout is restored (not run on pglite)', async () => {
    const ds = db().dataSource;
    const d = dialectOf(ds);
    const q = d.quote;
    const holder = ds.createQueryRunner();
    const runner = ds.createQueryRunner();
    try {
      await holder.startTransaction();
      await holder.query(`SELECT * FROM ${q('od_notes')}`); // holds a lock the ALTER below must wait for
      const [{ value: before }] = await runner.query(d.lockTimeout.read);
      const started = Date.now();
      await expect(withLockTimeout(runner, 1000, () => runner.query(`ALTER TABLE ${q('od_notes')} ADD ${q('pinned')} int NULL`))).rejects.toThrow(/lock/i);
      expect(Date.now() - started).toBeLessThan(20_000);
      const [{ value: after }] = await runner.query(d.lockTimeout.read);
      expect(after).toEqual(before);
    } finally {
      await holder.rollbackTransaction().catch(() => undefined);
      await holder.release();
      await runner.release();
    }
  }, 60_000);

  it('withLockTimeout refuses a non-positive timeout before sending anything', async () => {
    const runner = db().dataSource.createQueryRunner();
    try {
      await expect(withLockTimeout(runner, 0, async () => 1)).rejects.toThrow(RangeError);
    } finally {
      await runner.release();
    }
  });
});
