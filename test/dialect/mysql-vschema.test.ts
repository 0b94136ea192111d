import { vitessVschema, type KeyspaceVschema } from '../../src/dialect/mysql-vschema';
import { vschemaCommand } from '../../src/cli/vschema-command';
import { bundledTableDefinitions } from '../../src/cli/doctor/run-doctor';
import { cliIn } from '../cli/cli-process';

const tenantTables = bundledTableDefinitions.filter((d) => d.kind === 'tenant').map((d) => d.name).sort();
const globalTables = bundledTableDefinitions.filter((d) => d.kind !== 'tenant').map((d) => d.name).sort();

describe('vitessVschema of the bundled tables', () => {
  const v = vitessVschema(bundledTableDefinitions);
  const sharded = v.keyspaces.tenancy as KeyspaceVschema;
  const global = v.keyspaces.tenancy_global as KeyspaceVschema;

  it('has a sharded keyspace with one xxhash vindex and an unsharded one', () => {
    expect(Object.keys(v.keyspaces).sort()).toEqual(['tenancy', 'tenancy_global']);
    expect([sharded.sharded, sharded.vindexes]).toEqual([true, { tenant_xxhash: { type: 'xxhash' } }]);
    expect([global.sharded, global.vindexes]).toEqual([false, undefined]);
  });

  it('covers every bundled table: each tenant table sharded, each global table unsharded', () => {
    expect(tenantTables.length).toBeGreaterThan(30);
    const everyTable = [...new Set([...Object.keys(sharded.tables), ...Object.keys(global.tables)])].sort();
    expect(everyTable).toEqual([...bundledTableDefinitions.map((d) => d.name), 'migrations', 'typeorm_metadata'].sort());
    expect(Object.keys(global.tables).sort()).toEqual([...globalTables, 'migrations', 'typeorm_metadata'].sort());
  });

  it('shards every tenant table by tenant_id and nothing else', () => {
    for (const table of tenantTables) expect([table, sharded.tables[table]]).toEqual([table, { column_vindexes: [{ column: 'tenant_id', name: 'tenant_xxhash' }] }]);
    for (const [table, entry] of Object.entries(sharded.tables)) {
      if ('column_vindexes' in entry) expect(tenantTables).toContain(table);
    }
  });

  it('gives tenants and the seeded reference data (countries, languages) reference copies in the sharded keyspace', () => {
    const references = Object.entries(sharded.tables).filter(([, e]) => 'type' in e);
    expect(references).toEqual([
      ['countries', { type: 'reference', source: 'tenancy_global.countries' }],
      ['languages', { type: 'reference', source: 'tenancy_global.languages' }],
      ['tenants', { type: 'reference', source: 'tenancy_global.tenants' }],
    ]);
  });

  it('takes other keyspace names and binary_md5, and refuses one name for both keyspaces', () => {
    const other = vitessVschema(bundledTableDefinitions, { keyspace: 'app', globalKeyspace: 'app_main', vindex: 'binary_md5' });
    expect(other.keyspaces.app.vindexes).toEqual({ tenant_binary_md5: { type: 'binary_md5' } });
    expect(other.keyspaces.app.tables.tenants).toEqual({ type: 'reference', source: 'app_main.tenants' });
    expect(() => vitessVschema(bundledTableDefinitions, { keyspace: 'x', globalKeyspace: 'x' })).toThrow(RangeError);
  });
});

describe('typeorm-tenancy vschema', () => {
  it('prints the same JSON as vitessVschema, connecting to nothing', async () => {
    const run = await cliIn(process.cwd(), ['vschema', '--keyspace', 'app', '--global-keyspace=app_main']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual(vitessVschema(bundledTableDefinitions, { keyspace: 'app', globalKeyspace: 'app_main' }));
  }, 60_000);

  it('exits 2 for an unknown vindex, equal keyspaces or an unknown flag', async () => {
    const err: string[] = [];
    expect(vschemaCommand({ vindex: 'hash' }, () => undefined, (t) => err.push(t))).toBe(2);
    expect(vschemaCommand({ keyspace: 'k', globalKeyspace: 'k' }, () => undefined, (t) => err.push(t))).toBe(2);
    expect(err.join('')).toMatch(/--vindex must be one of xxhash, binary_md5[\s\S]*must differ/);
    const run = await cliIn(process.cwd(), ['vschema', '--url', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown argument '--url'");
  }, 60_000);
});
