import { runDoctor } from '../../src/cli/doctor';
import { dialectOf } from '../../src/dialect/dialect-of';
import { createIndexOnline } from '../../src/migrations/online-ddl';
import { schemaMigrations } from '../../src/migrations/schema';
import { schemaTables } from '../../src/schema';
import { bundledEntities } from '../../src/entities';
import { describeEachDatabase } from '../support/scratch-database';

const venues = schemaTables.find((t) => t.name === 'venues')!;


describeEachDatabase('doctor invalid-indexes', { migrations: schemaMigrations, entities: bundledEntities }, (db, target) => {
  it('passes a freshly migrated schema', async () => {
    const report = await runDoctor(db().dataSource);
    expect(report.checks.find((c) => c.check === 'invalid-indexes')).toMatchObject({ table: null, status: 'pass' });
  });

  (target.family === 'postgres' ? it : it.skip)('PostgreSQL only: fails for the INVALID index a failed concurrent build leaves behind, and passes once it is dropped', async () => {
    const ds = db().dataSource;
    const q = dialectOf(ds).quote;
    const tenant = '01900000-0000-7000-8000-000000000001';
    await ds.query(`INSERT INTO ${q('tenants')} (${q('id')}, ${q('name')}, ${q('slug')}) VALUES ($1, 'a', 'inv-a')`, [tenant]);
    for (const id of ['01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-00000000000b']) {
      await ds.query(`INSERT INTO ${q('venues')} (${q('id')}, ${q('tenant_id')}, ${q('name')}) VALUES ($1, $2, 'Hall')`, [id, tenant]);
    }
    const runner = ds.createQueryRunner();
    try {
      // Two venues named alike: the concurrent unique build fails and leaves the index INVALID.
      await expect(runner.query(`CREATE UNIQUE INDEX CONCURRENTLY ${q('uq_inv_venue_name')} ON ${q('venues')} (${q('tenant_id')}, ${q('name')})`)).rejects.toThrow(/duplicate|unique/i);
      // A successful online build next to it is valid.
      await createIndexOnline(runner, venues, { name: 'idx_inv_venue_name', columns: ['tenant_id', 'name'] });
    } finally {
      await runner.release();
    }
    let report = await runDoctor(ds);
    const check = report.checks.find((c) => c.check === 'invalid-indexes')!;
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/venues\.uq_inv_venue_name is INVALID .*DROP INDEX CONCURRENTLY/);
    expect(report.ok).toBe(false);
    await ds.query(`DROP INDEX ${q('uq_inv_venue_name')}`);
    await ds.query(`DROP INDEX ${q('idx_inv_venue_name')}`);
    report = await runDoctor(ds);
    expect(report.checks.find((c) => c.check === 'invalid-indexes')!.status).toBe('pass');
  });
});
