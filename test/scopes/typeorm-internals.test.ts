import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { SUPPORTED_TYPEORM_VERSION, typeormInternalProblems } from '../../src/scopes/typeorm-internals';
import { dialectOf } from '../../src/dialect/dialect-of';
import { isAvailable, TARGETS } from '../support/targets';
import { openScratch } from '../support/scratch-database';

describe('pinned TypeORM internals', () => {
  it('package.json pins typeorm to the exact supported version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.dependencies.typeorm).toBe(SUPPORTED_TYPEORM_VERSION);
  });

  it('every patched internal still has the shape we extend (if this fails, re-verify before upgrading)', () => {
    expect(typeormInternalProblems()).toEqual([]);
  });

  const mariadb = TARGETS.find((t) => t.name === 'mariadb')!;
  (isAvailable(mariadb) ? it : it.skip)("the MySQL driver still reports native UUID support through 'uuidColumnTypeSuported'", async () => {
    // dialectOf() reads this (misspelt) driver field to pick MariaDB's native UUID type.
    const scratch = await openScratch(mariadb, { tenancy: false });
    try {
      const driver = scratch.dataSource.driver as unknown as Record<string, unknown>;
      expect(driver.uuidColumnTypeSuported).toBe(true);
      expect(dialectOf(scratch.dataSource).name).toBe('mariadb');
    } finally {
      await scratch.close();
    }
  });

  it('dialectOf refuses drivers it does not support', () => {
    expect(() => dialectOf(new DataSource({ type: 'cockroachdb', host: '127.0.0.1', timeTravelQueries: false }))).toThrow(/supports postgres, mysql and mariadb/);
  });
});
