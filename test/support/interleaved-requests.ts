import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { Note } from './fixtures';
import { seedTenants } from './tenants';

/**
 * The interleaved mixed request run of the pooler suites (pooled-leaks, pgbouncer-prepared): reads
 * with and without parameters, streams, transactions (every other one failing on purpose), system
 * work and requests without a tenant, all in flight at once, each checked against the rows its
 * tenant owns.
 */

type Row = { tenant_id: string };

/** Tenants {@link seedInterleaved} makes: tenant i owns i + 1 notes. */
export const INTERLEAVED_TENANTS = 6;

/**
 * Reads `sql` through TypeORM's `stream()` (which fires no query hooks) on a runner of its own.
 *
 * @example
 * const rows = await withTenant(a, () => streamed(ds, 'SELECT tenant_id FROM notes'));
 */
export async function streamed(ds: DataSource, sql: string): Promise<Row[]> {
  const runner = ds.createQueryRunner();
  try {
    const stream: Readable = await runner.stream(sql);
    const rows: Row[] = [];
    for await (const row of stream) rows.push(row as Row);
    return rows;
  } finally {
    await runner.release();
  }
}

/**
 * Seeds {@link INTERLEAVED_TENANTS} tenants named `<prefix>0…`, tenant i with i + 1 notes; resolves
 * with their ids in that order.
 *
 * @example
 * const tenants = await seedInterleaved(db().owner ?? db().app, 'pool-');
 */
export async function seedInterleaved(seeder: DataSource, prefix: string): Promise<string[]> {
  const tenants = await seedTenants(seeder, ...Array.from({ length: INTERLEAVED_TENANTS }, (_, i) => `${prefix}${i}`));
  for (const [i, tenant] of tenants.entries()) {
    await withTenant(tenant, () => seeder.getRepository(Note).insert(Array.from({ length: i + 1 }, (_, n) => ({ title: `${i}.${n}` }))));
  }
  return tenants;
}

/**
 * What a run saw: requests that got another tenant's rows, requests with the wrong number of rows
 * (empty included) but none foreign, and errors other than the deliberate ones.
 */
export interface InterleavedOutcome {
  foreign: string[];
  wrong: string[];
  errors: unknown[];
}

/**
 * Sends `requests` interleaved requests through `ds` against the tenants of {@link seedInterleaved}.
 * A deliberately failing transaction (SQLSTATE 42703) is followed by a plain read; any other error is
 * collected, not thrown. `paramsInTransactions` makes the transactions' read parameterized too, so
 * that with `preparedStatements` named statements also run inside transactions.
 *
 * @example
 * const { foreign, wrong, errors } = await runInterleaved(ds, tenants, 5000);
 * expect({ foreign, wrong, errors: errorKinds(errors) }).toEqual({ foreign: [], wrong: [], errors: [] });
 */
export async function runInterleaved(ds: DataSource, tenants: string[], requests: number, options: { paramsInTransactions?: boolean } = {}): Promise<InterleavedOutcome> {
  const expected = new Map(tenants.map((t, i) => [t, i + 1]));
  const everything = [...expected.values()].reduce((x, y) => x + y, 0);
  const outcome: InterleavedOutcome = { foreign: [], wrong: [], errors: [] };
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const system = i % 13 === 0;
      const tenant = system || i % 11 === 0 ? undefined : tenants[i % tenants.length];
      await sleep(i % 5);
      const run = async () => {
        let rows: Row[];
        switch (i % 4) {
          case 0:
            rows = await ds.query('SELECT tenant_id FROM notes');
            break;
          case 1:
            rows = await ds.query('SELECT tenant_id FROM notes WHERE title <> $1', ['-']);
            break;
          case 2:
            rows = await streamed(ds, 'SELECT tenant_id FROM notes');
            break;
          default:
            rows = await ds
              .transaction(async (m) => {
                const seen: Row[] = options.paramsInTransactions
                  ? await m.query('SELECT tenant_id FROM notes WHERE title <> $1', ['-'])
                  : await m.query('SELECT tenant_id FROM notes');
                if (i % 8 === 3) await m.query('SELECT broken FROM notes');
                return seen;
              })
              .catch((error: { code?: string }) => {
                if (error?.code !== '42703') throw error;
                return ds.query('SELECT tenant_id FROM notes');
              });
        }
        const who = system ? 'system' : (tenant ?? 'no tenant');
        const seen = `request ${i} (${who}): ${rows.length} rows of ${[...new Set(rows.map((r) => r.tenant_id))]}`;
        if (!system && rows.some((r) => r.tenant_id !== tenant)) outcome.foreign.push(seen);
        else if (rows.length !== (system ? everything : tenant ? expected.get(tenant)! : 0)) outcome.wrong.push(seen);
      };
      await (system ? withoutTenantScope(run) : tenant ? withTenant(tenant, run) : run()).catch((error: unknown) => {
        outcome.errors.push(error);
      });
    }),
  );
  return outcome;
}
