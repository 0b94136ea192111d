import { readFileSync } from 'node:fs';
import { DataSource, QueryBuilder } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { dialectOf } from '../../src/dialect/dialect-of';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { patchedMethods, patchMethod } from '../../src/scopes/patches/patch-method';
import { PATCH_POINTS, SUPPORTED_TYPEORM_VERSION, typeormInternalProblems } from '../../src/scopes/typeorm-internals';
import { loadedTypeormCopy, typeormCopyOf } from '../../src/scopes/typeorm-copy';
import { openScratch } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';

describe('pinned TypeORM internals', () => {
  it('package.json pins typeorm to the exact supported version, as a peer dependency (one copy: the application\'s)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.peerDependencies.typeorm).toBe(SUPPORTED_TYPEORM_VERSION);
    expect(pkg.devDependencies.typeorm).toBe(SUPPORTED_TYPEORM_VERSION);
    expect(pkg.dependencies.typeorm).toBeUndefined();
  });

  it('a DataSource built by another copy of TypeORM is refused with a typed error saying what to install', () => {
    let OtherDataSource: typeof DataSource | undefined;
    jest.isolateModules(() => {
      OtherDataSource = (require('typeorm') as typeof import('typeorm')).DataSource; // a second copy, as npm nests one
    });
    expect(OtherDataSource).not.toBe(DataSource);
    const foreign = new OtherDataSource!({ type: 'postgres', entities: [] });
    expect(() => enableTenancy(foreign as DataSource)).toThrow(
      expect.objectContaining({ code: 'TENANCY_SETUP_UNSUPPORTED', message: expect.stringMatching(/another copy of TypeORM.*npm install typeorm@1\.1\.1/) }),
    );
  });

  it("a DataSource's TypeORM copy is found from the module defining its class (also for a subclass); the version check reads that copy", () => {
    class AppDataSource extends DataSource {}
    const copy = typeormCopyOf(new AppDataSource({ type: 'postgres', entities: [] }));
    expect(copy).toEqual({ directory: require('node:path').resolve('node_modules/typeorm'), version: SUPPORTED_TYPEORM_VERSION });
    expect(loadedTypeormCopy()).toEqual(copy);
    expect(typeormCopyOf({})).toBeUndefined();
    expect(typeormInternalProblems(new AppDataSource({ type: 'postgres', entities: [] }))).toEqual([]);
  });

  it('every internal the layer reads still has the shape we extend (re-verify before upgrading TypeORM)', () => {
    expect(typeormInternalProblems()).toEqual([]);
  });

  it('enableTenancy patches exactly the registered patch points, each with its 1.1.1 signature', () => {
    enableTenancy(new DataSource({ type: 'postgres', entities: [Tenant] }));
    expect([...patchedMethods.keys()].sort()).toEqual(Object.keys(PATCH_POINTS).sort());
    for (const [key, original] of patchedMethods) expect([key, original.length]).toEqual([key, PATCH_POINTS[key]]);
  });

  it('a patch point whose signature changed is refused loudly', () => {
    class QueryBuilderLike { createWhereExpression(_changed: unknown) { return ''; } }
    Object.defineProperty(QueryBuilderLike, 'name', { value: 'QueryBuilder' });
    expect(() => patchMethod(QueryBuilderLike, 'createWhereExpression', (o) => o)).toThrow(/declared with 1 parameters, not 0/);
    expect(() => patchMethod(QueryBuilder, 'getQuery', (o) => o)).toThrow(/not a registered patch point/);
  });

  const mariadb = TARGETS.find((t) => t.name === 'mariadb')!;
  (isAvailable(mariadb) ? it : it.skip)("the MySQL driver still reports native UUID support through 'uuidColumnTypeSuported'", async () => {
    // dialectOf() reads this (misspelt) driver field to pick MariaDB's native UUID type.
    const scratch = await openScratch(mariadb, { tenancy: false });
    try {
      expect((scratch.dataSource.driver as unknown as Record<string, unknown>).uuidColumnTypeSuported).toBe(true);
      expect(dialectOf(scratch.dataSource).name).toBe('mariadb');
    } finally {
      await scratch.close();
    }
  });

  it('dialectOf refuses drivers it does not support', () => {
    expect(() => dialectOf(new DataSource({ type: 'cockroachdb', host: '127.0.0.1', timeTravelQueries: false }))).toThrow(/supports postgres, mysql and mariadb/);
  });
});
