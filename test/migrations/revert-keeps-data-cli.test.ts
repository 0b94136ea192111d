import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ALLOW_DROP_WITH_ROWS_ENV } from '../../src/migrations';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { listTables } from '../support/schema-inspect';
import { openScratch, type Scratch } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** The real `typeorm migration:revert -d ormconfig.ts`, as the README tells users to run it. */
const revert = (url: string, env: Record<string, string> = {}) =>
  run(join(root, 'node_modules/.bin/typeorm-ts-node-commonjs'), ['migration:revert', '-d', join(root, 'ormconfig.ts')], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true', DATABASE_URL: url, ...env },
    timeout: 120_000,
  }).then(
    (out) => ({ ok: true, text: out.stdout + out.stderr }),
    (e: { stdout?: string; stderr?: string }) => ({ ok: false, text: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );

/**
 * `typeorm migration:revert` gives the bundled down()s no options: with a tenant in the database
 * the revert of `tenants` (the last migration run here) fails with TABLE_HOLDS_ROWS and drops
 * nothing; with the environment variable it goes. Server targets (PGlite's socket serves the test's
 * own connection).
 */
for (const target of TARGETS) {
  // PGlite's socket serves one connection, the test's own: the CLI process cannot connect (skipped, visibly).
  const runs = target.name !== 'pglite' && isAvailable(target);
  const note = target.name === 'pglite' ? ' (not run on pglite: its socket serves one connection, the test holds it)' : '';
  (runs ? describe : describe.skip)(`typeorm migration:revert keeps data [${target.name}]${note}`, () => {
    let db: Scratch;
    beforeAll(async () => {
      db = await openScratch(target, { tenancy: false });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('refuses the revert of a table with rows, then reverts it with the environment variable', async () => {
      const ds = db.dataSource;
      const p = (i: number) => ds.driver.createParameter(`p${i}`, i);
      await ds.query(`INSERT INTO tenants (id, name, slug) VALUES (${p(0)}, ${p(1)}, ${p(2)})`, [uuidv7(), 'Cli', 'cli']);
      const refused = await revert(db.url, { [ALLOW_DROP_WITH_ROWS_ENV]: '' });
      expect(refused.ok).toBe(false);
      expect(refused.text).toContain('TableHoldsRowsError');
      expect(refused.text).toContain(`Refused to drop table tenants: it holds 1 row`);
      expect(refused.text).toContain(`${ALLOW_DROP_WITH_ROWS_ENV}=1`);
      expect((await listTables(ds)).map((t) => t.name)).toContain('tenants');
      expect(Number((await ds.query('SELECT COUNT(*) AS n FROM tenants'))[0].n)).toBe(1);

      const allowed = await revert(db.url, { [ALLOW_DROP_WITH_ROWS_ENV]: '1' });
      expect(allowed.text).toMatch(/Migration Phase0100CreateTenants\d{13} has been reverted successfully/);
      expect((await listTables(ds)).map((t) => t.name)).not.toContain('tenants');
    });
  });
}
