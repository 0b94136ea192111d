import { Client } from 'pg';
import { POLICY_NAME, TENANT_SETTING } from '../src/dialect/postgres-rls';
import { pgIdentifier as q } from '../src/dialect/postgres-sql';
import type { Fixture } from './scope.bench';
import { median } from './section';

/** Statements as the scope layer shapes them ($1 the row or project, $2 the tenant). */
const STATEMENTS: Array<[string, string]> = [
  ['select by id', 'SELECT * FROM tasks WHERE id = $1 AND tenant_id = $2 LIMIT 1'],
  ['select with a join', 'SELECT t.*, p.title AS p_title FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.tenant_id = $2 WHERE t.project_id = $1 AND t.tenant_id = $2 LIMIT 20'],
  ['update by id', 'UPDATE tasks SET views = views + 1 WHERE id = $1 AND tenant_id = $2'],
];
const TABLES = ['tasks', 'projects'];
const PER_ROUND = 300;
const ROUNDS = 7;

/** Microseconds per statement of `sql`, run PER_ROUND times unprepared (as TypeORM sends it). */
async function perStatement(client: Client, sql: string, values: unknown[]): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) await client.query(sql, values);
  return Number(process.hrtime.bigint() - start) / 1e3 / PER_ROUND;
}

async function connect(url: string, user: string | undefined, tenant: string): Promise<Client> {
  const at = new URL(url);
  if (user) at.username = user;
  const client = new Client({ connectionString: at.toString() });
  await client.connect();
  await client.query('SELECT set_config($1, $2, false)', [TENANT_SETTING, tenant]);
  return client;
}

/**
 * What the policies cost the server per statement, without TypeORM: the same unprepared statement
 * as the owner (a superuser: no policy), as the application role under the shipped policy, and as
 * the application role under the policy's tenant arm alone (what it would cost without the
 * system-key arm). Rounds interleaved; medians. Changes the policies of `tasks` and `projects`:
 * run it last, on a scratch database.
 *
 * @example
 * const rows = await serverCost(url, role, owner, fixture); // markdown table rows
 */
export async function serverCost(url: string, role: string, owner: { query(sql: string): Promise<unknown> }, f: Fixture): Promise<string[]> {
  const tenant = f.tenants[0];
  const values = (name: string) => [name.includes('join') ? f.projects[0] : f.tasks[0][0], tenant];
  const timings = new Map<string, number[][]>(STATEMENTS.map(([name]) => [name, [[], [], []]]));
  const superuser = await connect(url, undefined, tenant);
  const app = await connect(url, role, tenant);
  try {
    const round = async (column: number, client: Client) => {
      for (const [name, sql] of STATEMENTS) timings.get(name)![column].push(await perStatement(client, sql, values(name)));
    };
    for (let r = 0; r <= ROUNDS; r++) {
      await round(0, superuser);
      await round(1, app);
    }
    const tenantArm = `(tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid)`;
    for (const table of TABLES) await owner.query(`ALTER POLICY ${q(POLICY_NAME)} ON ${q(table)} USING ${tenantArm} WITH CHECK ${tenantArm}`);
    for (let r = 0; r <= ROUNDS; r++) {
      await round(0, superuser);
      await round(2, app);
    }
  } finally {
    await superuser.end();
    await app.end();
  }
  return STATEMENTS.map(([name]) => {
    // The first round of each column is a warm-up.
    const [none, shipped, arm] = timings.get(name)!.map((list) => median(list.slice(1)));
    const us = (x: number) => `${x.toFixed(0)} µs`;
    const plus = (x: number) => `${x >= none ? '+' : '−'}${Math.abs(x - none).toFixed(0)} µs`;
    return `| ${name} | ${us(none)} | ${us(shipped)} (${plus(shipped)}) | ${us(arm)} (${plus(arm)}) |`;
  });
}
