import 'reflect-metadata';
import { bundledEntities } from '../../src/entities';
import { schemaMigrations } from '../../src/migrations';
import { readCatalogAsMysql8 } from '../support/mysql8-catalog';
import { describeEachDatabase } from '../../test/support/scratch-database';

describeEachDatabase('probe diff', { entities: bundledEntities as any, migrations: schemaMigrations }, (db) => {
  it('diff', async () => {
    if (db().target.name === 'mysql') readCatalogAsMysql8(db().dataSource);
    const log = await db().dataSource.driver.createSchemaBuilder().log();
    const qs = log.upQueries.map((q) => q.query);
    const cat = new Map<string, number>();
    for (const q of qs) { const k = q.replace(/"[^"]*"|`[^`]*`/g, 'N').replace(/'[^']*'/g, 'S').slice(0, 40); cat.set(k, (cat.get(k) ?? 0) + 1); }
    console.log(db().target.name, qs.length, JSON.stringify([...cat].sort((a,b)=>b[1]-a[1]).slice(0,25), null, 0));
    require('fs').writeFileSync(`/work/probe/diff-${db().target.name}.sql`, qs.join(';\n'));
  }, 120000);
});
