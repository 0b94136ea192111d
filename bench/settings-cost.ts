import { Client } from 'pg';
import { tenantClientClass } from '../src/dialect/postgres-session/tenant-client';
import { withTenant } from '../src/tenancy/with-tenant';
import { QUICK, ROUNDS } from './operations';
import { median } from './section';

const PER_ROUND = QUICK ? 200 : 2000;

/** One mode's cost, in µs per statement (medians of rounds): without and with the settings, and the difference. */
export interface Cost { bare: number; carried: number; extra: number }
/** What carrying the settings costs, unnamed (behind a pooler, `preparedStatements: false`) and prepared (direct by default). */
export interface SettingsCost { unnamed: Cost; prepared: Cost }

/**
 * The cost of carrying the settings on every statement, as the session layer sends them (the
 * settings statement in the same pipeline, in front of the query), measured on one connection
 * each as the application role, without TypeORM: a trivial parameterized statement
 * (`SELECT $1::int`) sent by node-postgres's own `Client` against the same statement sent by the
 * session's `Client` subclass inside `withTenant` (both inside it, so both pay the same
 * AsyncLocalStorage work). Two modes: unnamed (`prepare: false`, against an unnamed statement) and
 * prepared (`prepare: true`: the query and the settings statement each prepared once, against
 * the query prepared once). Rounds rotate the four clients; each round runs each `PER_ROUND` times.
 *
 * @example
 * const { unnamed, prepared } = await settingsCost(url, role, tenantId); // µs per statement
 */
export async function settingsCost(url: string, role: string, tenant: string): Promise<SettingsCost> {
  const at = new URL(url);
  at.username = role;
  const options = { connectionString: at.toString() };
  const session = (prepare: boolean) => tenantClientClass(Client as never, { systemKey: null, prepare }) as unknown as typeof Client;
  const clients = [new Client(options), new Client(options), new (session(false))(options), new (session(true))(options)];
  await Promise.all(clients.map((c) => c.connect()));
  const sql = 'SELECT $1::int AS x';
  const configs = [{ text: sql, values: [1] }, { name: 'bench_bare', text: sql, values: [1] }, { text: sql, values: [1] }, { text: sql, values: [1] }];
  const time = (k: number) =>
    withTenant(tenant, async () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < PER_ROUND; i++) await clients[k].query(configs[k]);
      return Number(process.hrtime.bigint() - start) / 1e3 / PER_ROUND;
    });
  const rounds: number[][] = [[], [], [], []];
  try {
    for (let r = 0; r <= ROUNDS; r++) {
      for (let j = 0; j < 4; j++) {
        const k = (j + r) % 4;
        const t = await time(k);
        if (r > 0) rounds[k].push(t); // round 0: warm-up
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  const cost = (bare: number, carried: number): Cost => ({
    bare: median(rounds[bare]),
    carried: median(rounds[carried]),
    extra: median(rounds[bare].map((x, k) => rounds[carried][k] - x)),
  });
  return { unnamed: cost(0, 2), prepared: cost(1, 3) };
}
