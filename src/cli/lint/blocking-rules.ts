import { MAX_LOCK_TIMEOUT_MS, type LintContext, type RawFinding } from './lint-context';
import type { RecordedMigration } from './record-migrations';

const short = (sql: string) => {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 157)}...` : one;
};

/**
 * The blocking-DDL rules of one pending migration, over the statements it sent in order, on
 * tables that existed on the target before the pending migrations: `blocking-index`,
 * `not-null-column` (above `largeTableRows` estimated rows, or an unknown estimate),
 * `table-rewrite` and `lock-timeout` (a strong lock while no lock timeout of at most
 * {@link MAX_LOCK_TIMEOUT_MS} is set: the session's own, or one the migration set before it).
 *
 * @example
 * blockingFindings(context, migration).map((f) => f.rule); // ['blocking-index', 'lock-timeout']
 */
export function blockingFindings(context: LintContext, migration: RecordedMigration): RawFinding[] {
  const { target, reader } = context;
  const findings: RawFinding[] = [];
  const lockedWithout = new Set<string>();
  let timeout = target.lockTimeoutMs;
  const add = (rule: RawFinding['rule'], table: string, detail: string, statement: string) =>
    findings.push({ migration: migration.name, rule, table, detail, statement: short(statement) });
  for (const { sql, parameters } of migration.statements) {
    const read = reader.read(sql, parameters ?? []);
    if (read.lockTimeoutMs !== undefined) {
      timeout = read.lockTimeoutMs;
      continue;
    }
    for (const fact of read.facts.filter((f) => target.tables.has(f.table))) {
      if (fact.kind === 'index-build' && !fact.online) {
        add('blocking-index', fact.table, `an index on the existing table ${fact.table} is built while writes wait: use createIndexOnline (and transaction = false on PostgreSQL)`, sql);
      } else if (fact.kind === 'not-null-column') {
        const rows = target.rows.get(fact.table);
        if (rows === null || (rows ?? 0) > context.largeTableRows) {
          add(
            'not-null-column',
            fact.table,
            `${fact.table}.${fact.column} is added NOT NULL without a default to a table of ${rows === null ? 'unknown size' : `about ${rows} rows`} (large: over ${context.largeTableRows}): ` +
              'PostgreSQL refuses it on a table with rows; add it with a default, or nullable, backfill, then SET NOT NULL',
            sql,
          );
        }
      } else if (fact.kind === 'type-change') {
        const before = target.columns.find((c) => c.table === fact.table && c.name === fact.column);
        const after = context.final.columns.find((c) => c.table === fact.table && c.name === (fact.renamedTo ?? fact.column));
        if (before && after && reader.rewritesTable(before, after)) {
          add('table-rewrite', fact.table, `${fact.table}.${fact.column} ${before.type} → ${after.type} rewrites the whole table under an exclusive lock: add a new column, backfill, switch (expand/contract)`, sql);
        }
      }
    }
    const held = timeout > 0 && timeout <= MAX_LOCK_TIMEOUT_MS;
    for (const table of read.strongLocks.filter((t) => target.tables.has(t) && !held && !lockedWithout.has(t))) {
      lockedWithout.add(table);
      add('lock-timeout', table, `a strong lock on the existing table ${table} is taken with no lock timeout: it queues every query behind it while it waits; wrap the statement in withLockTimeout(queryRunner, ms, fn)`, sql);
    }
  }
  return findings;
}
