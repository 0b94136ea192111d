import 'reflect-metadata';
import { bundledEntities } from '../../src/entities';
import { schemaMigrations } from '../../src/migrations';
import { describeEachDatabase } from '../support/scratch-database';

describeEachDatabase('probe default', { entities: bundledEntities as any, migrations: schemaMigrations }, (db) => {
  it('def', async () => {
    const ds = db().dataSource;
    const qr = ds.createQueryRunner();
    const [t] = await qr.getTables(['tenants']);
    await qr.release();
    const live = t.columns.find((c) => c.name === 'settings')!;
    const meta = ds.getMetadata('Tenant').columns.find((c) => c.databaseName === 'settings')!;
    console.log(db().target.name, JSON.stringify({ liveDefault: live.default, liveType: live.type, metaDefault: (ds.driver as any).normalizeDefault(meta), metaType: meta.type, changed: ds.driver.findChangedColumns([live], [meta]).length }));
  }, 120000);
});
