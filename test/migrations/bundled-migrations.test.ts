import type { DataSource } from 'typeorm';
import { EntityValidationError } from '../../src/errors';
import { Tenant } from '../../src/entities/tenant.entity';
import { bundledMigrations, migrationName, schemaMigrations } from '../../src/migrations';
import { withoutTenantScope } from '../../src/tenancy/with-tenant';
import { describeEachDatabase } from '../support/scratch-database';
import { listTables } from '../support/schema-inspect';

const tables = async (ds: DataSource) => (await listTables(ds)).map((t) => t.name);

describe('migrationName', () => {
  it('puts the phase in the name and keeps phase order in the 13-digit timestamp', () => {
    expect(migrationName(100, 'CreateTenants')).toBe('Phase0100CreateTenants1767225700000');
    const stamp = (phase: number) => Number(migrationName(phase, 'X').slice(-13));
    expect(stamp(1)).toBeLessThan(stamp(100));
    expect(stamp(999)).toBeLessThan(stamp(1000));
    expect(() => migrationName(10000, 'X')).toThrow(RangeError);
  });
});

describeEachDatabase('bundled migrations', { migrations: schemaMigrations }, (db) => {
  it('revert all, then run again, leaves the same tables', async () => {
    const ds = db().dataSource;
    const first = await tables(ds);
    expect(first).toContain('tenants');
    for (let i = 0; i < bundledMigrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    // TypeORM's own tables stay (it never drops typeorm_metadata either); the bundled rows in it are gone.
    expect(await tables(ds)).toEqual(['migrations', 'typeorm_metadata']);
    expect(await ds.query(`SELECT * FROM ${ds.driver.escape('typeorm_metadata')}`)).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables(ds)).toEqual(first);
  });

  it('tenant slugs are unique among live tenants only', async () => {
    const repo = db().dataSource.getRepository(Tenant);
    const first = await withoutTenantScope(() => repo.save({ name: 'One', slug: 'same' }));
    await expect(withoutTenantScope(() => repo.insert({ name: 'Two', slug: 'same' }))).rejects.toThrow();
    await withoutTenantScope(() => repo.softRemove(first));
    await withoutTenantScope(() => repo.insert({ name: 'Three', slug: 'same' }));
    expect(await withoutTenantScope(() => repo.count({ where: { slug: 'same' }, withDeleted: true }))).toBe(2);
  });

  it('a tenant with an invalid slug and status is refused with every failure listed', async () => {
    const repo = db().dataSource.getRepository(Tenant);
    const error = await withoutTenantScope(() => repo.insert({ name: 'Bad', slug: 'Not A Slug', status: 'gone' as never })).catch((e) => e);
    expect(error).toBeInstanceOf(EntityValidationError);
    expect((error as EntityValidationError).failures.map((f) => f.property).sort()).toEqual(['slug', 'status']);
    expect(await withoutTenantScope(() => repo.countBy({ name: 'Bad' }))).toBe(0);
  });

  it('tenant status and settings get their defaults and settings round-trip as JSON', async () => {
    const repo = db().dataSource.getRepository(Tenant);
    const { id } = await withoutTenantScope(() => repo.save({ name: 'Json', slug: 'json' }));
    const loaded = await withoutTenantScope(() => repo.findOneByOrFail({ id }));
    expect([loaded.status, loaded.settings]).toEqual(['active', null]);
    await withoutTenantScope(() => repo.update({ id }, { settings: { locale: 'de-CH', seats: 40 } }));
    expect((await withoutTenantScope(() => repo.findOneByOrFail({ id }))).settings).toEqual({ locale: 'de-CH', seats: 40 });
  });
});
