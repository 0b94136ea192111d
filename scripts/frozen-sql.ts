import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { FROZEN_SQL_DIR, frozenSqlPath, recordTarget, renderFrozenSql } from '../test/support/frozen-sql';
import { TARGETS, type TargetName } from '../test/support/targets';

/**
 * Rewrites the frozen-SQL snapshots (test/migrations/frozen-sql/<target>.sql) of the bundled
 * migrations on every target, all four at once: PostgreSQL (TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test), embedded PGlite, and MariaDB (TEST_MYSQL_URL, default
 * mysql://root@127.0.0.1:3306/test) as `type: 'mariadb'` and `type: 'mysql'`. Each target gets a
 * scratch database of its own, dropped afterwards. Only before the first release: after it,
 * a shipped migration's SQL never changes (a schema change is a new migration).
 *
 * @example
 * npm run snapshots:sql                 # all targets
 * npm run snapshots:sql -- pglite mysql # some
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !TARGETS.some((t) => t.name === w));
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  const targets = TARGETS.filter((t) => !wanted.length || wanted.includes(t.name));
  mkdirSync(FROZEN_SQL_DIR, { recursive: true });
  const started = Date.now();
  const results = await Promise.allSettled(
    targets.map(async (target) => {
      const records = await recordTarget(target);
      const text = renderFrozenSql(target.name, records);
      return { target: target.name, text, records };
    }),
  );
  const failed: string[] = [];
  results.forEach((result, i) => {
    const name: TargetName = targets[i].name;
    if (result.status === 'rejected') {
      failed.push(name);
      console.error(`${name}: FAILED, snapshot left as it was: ${(result.reason as Error)?.stack ?? result.reason}`);
      return;
    }
    const path = frozenSqlPath(name);
    writeFileSync(path, result.value.text);
    const statements = result.value.records.reduce((n, r) => n + r.statements.length, 0);
    console.log(`${name}: wrote ${relative(process.cwd(), path)} (${result.value.records.length / 2} migrations, ${statements} statements)`);
  });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failed.length) process.exit(1);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
