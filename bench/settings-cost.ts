import { Client } from 'pg';
import { SYSTEM_KEY_SETTING, TENANT_SETTING } from '../src/dialect/postgres-rls';
import { QUICK, ROUNDS } from './operations';
import { median } from './section';

const PER_ROUND = QUICK ? 200 : 2000;

/** What carrying the settings on a statement costs, in µs per statement (medians of rounds). */
export interface SettingsCost { bare: number; carried: number; extra: number }

/**
 * The cost of carrying the settings on every statement, measured on one connection without
 * TypeORM: a trivial parameterized statement (`SELECT $1::int`) against the same statement
 * carrying `set_config('role', …, true), set_config('app.tenant_id', …, true),
 * set_config('app.tenant_system_key', …, true)` (one statement, one round trip, unprepared, as
 * the extended protocol sends it). Rounds alternate the two (and which goes first); each round
 * runs each `PER_ROUND` times. The difference is the server's and the driver's work for the
 * settings: three function calls, three more parameters, and the role switch.
 *
 * @example
 * const { extra } = await settingsCost(url, role, tenantId); // µs per statement
 */
export async function settingsCost(url: string, role: string, tenant: string): Promise<SettingsCost> {
  const at = new URL(url);
  at.username = role;
  const client = new Client({ connectionString: at.toString() });
  await client.connect();
  const bare = 'SELECT $1::int AS x';
  const carried = `SELECT set_config('role', $1, true), set_config('${TENANT_SETTING}', $2, true), set_config('${SYSTEM_KEY_SETTING}', $3, true), $4::int AS x`;
  const time = async (sql: string, values: unknown[]) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) await client.query(sql, values);
    return Number(process.hrtime.bigint() - start) / 1e3 / PER_ROUND;
  };
  const rounds: [number[], number[]] = [[], []];
  try {
    for (let r = 0; r <= ROUNDS; r++) {
      const a = () => time(bare, [1]);
      const b = () => time(carried, [role, tenant, '', 1]);
      let x: number;
      let y: number;
      if (r % 2) {
        x = await a();
        y = await b();
      } else {
        y = await b();
        x = await a();
      }
      if (r === 0) continue; // warm-up
      rounds[0].push(x);
      rounds[1].push(y);
    }
  } finally {
    await client.end();
  }
  const [b, c] = rounds.map(median);
  const extras = rounds[0].map((x, k) => rounds[1][k] - x);
  return { bare: b, carried: c, extra: median(extras) };
}
