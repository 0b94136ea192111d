import { Client } from 'pg';
import { POLICY_NAME, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEY_SETTING, TENANT_ROLE, TENANT_SETTING } from '../src/dialect/postgres-rls';
import { pgIdentifier as q } from '../src/dialect/postgres-sql';
import { QUICK, type Fixture } from './operations';
import { median } from './section';

/** Statements as the scope layer shapes them ($1 the row or project, $2 the tenant). */
const STATEMENTS: Array<[string, string]> = [
  ['select by id', 'SELECT * FROM tasks WHERE id = $1 AND tenant_id = $2 LIMIT 1'],
  ['select with a join', 'SELECT t.*, p.title AS p_title FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.tenant_id = $2 WHERE t.project_id = $1 AND t.tenant_id = $2 LIMIT 20'],
  ['update by id', 'UPDATE tasks SET views = views + 1 WHERE id = $1 AND tenant_id = $2'],
];
const TABLES = ['tasks', 'projects'];
const PER_ROUND = QUICK ? 200 : 1000;
const ROUNDS = QUICK ? 2 : 9;

/** Microseconds per statement of `sql`, run PER_ROUND times unprepared (as TypeORM sends it). */
async function perStatement(client: Client, sql: string, values: unknown[]): Promise<number> {
  await client.query(sql, values); // untimed: picks up a changed policy (relation cache rebuild)
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
  // The application role as the session layer runs tenant statements: as the tenant role.
  if (user) await client.query(`SELECT set_config('role', $1, false)`, [TENANT_ROLE]);
  return client;
}

/**
 * What the policies cost the server per statement, without TypeORM: the same unprepared statement
 * as the owner (a superuser: no policy), as the tenant role under the shipped policy (the tenant
 * test alone), and under the former policy that OR-ed the system-key arm into it (what tenant
 * statements paid before the roles split). Each extra is paired with the owner's time in the same
 * round; medians over rounds. Swaps the policies of `tasks` and `projects` back and forth and lets
 * the tenant role run the key check meanwhile: run it on a scratch database.
 *
 * @example
 * const rows = await serverCost(url, role, owner, fixture); // markdown table rows
 */
export async function serverCost(url: string, role: string, owner: { query(sql: string): Promise<unknown> }, f: Fixture): Promise<string[]> {
  const tenant = f.tenants[0];
  const values = (name: string) => [name.includes('join') ? f.projects[0] : f.tasks[0][0], tenant];
  // Per statement: [owner time, shipped-policy extra, tenant-arm-only extra], one entry per round.
  const timings = new Map<string, number[][]>(STATEMENTS.map(([name]) => [name, [[], [], []]]));
  const superuser = await connect(url, undefined, tenant);
  const app = await connect(url, role, tenant);
  const shipped = new Map<string, string>();
  for (const table of TABLES) {
    const [row] = (await owner.query(`SELECT qual FROM pg_policies WHERE tablename = '${table}' AND policyname = '${POLICY_NAME}'`)) as Array<{ qual: string }>;
    shipped.set(table, row.qual);
  }
  const usePolicy = async (qual: (table: string) => string) => {
    for (const table of TABLES) await owner.query(`ALTER POLICY ${q(POLICY_NAME)} ON ${q(table)} USING (${qual(table)}) WITH CHECK (${qual(table)})`);
  };
  const tenantArm = `tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
  const formerPolicy =
    `${tenantArm} OR (SELECT CASE WHEN coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), '') = '' THEN false ` +
    `ELSE ${SYSTEM_ACCESS_FUNCTION}() END)`;
  await owner.query(`GRANT EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() TO ${q(TENANT_ROLE)}`);
  try {
    // Each round: the owner, then the app role under each policy in turn, each paired with the
    // owner's time of the same round (so drift between rounds cancels out).
    for (let r = 0; r <= ROUNDS; r++) {
      for (const [name, sql] of STATEMENTS) {
        const [none, shippedExtra, armExtra] = timings.get(name)!;
        await usePolicy((table) => shipped.get(table)!);
        const base = await perStatement(superuser, sql, values(name));
        const withShipped = await perStatement(app, sql, values(name));
        await usePolicy(() => formerPolicy);
        const withArm = await perStatement(app, sql, values(name));
        const base2 = await perStatement(superuser, sql, values(name));
        if (r === 0) continue; // warm-up
        none.push((base + base2) / 2);
        shippedExtra.push(withShipped - base);
        armExtra.push(withArm - base2);
      }
    }
  } finally {
    await usePolicy((table) => shipped.get(table)!).catch(() => undefined);
    await owner.query(`REVOKE EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() FROM ${q(TENANT_ROLE)}`).catch(() => undefined);
    await superuser.end();
    await app.end();
  }
  return STATEMENTS.map(([name]) => {
    const [none, shippedExtra, armExtra] = timings.get(name)!.map(median);
    const us = (x: number) => `${x.toFixed(0)} µs`;
    const plus = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)} µs`;
    return `| ${name} | ${us(none)} | ${plus(shippedExtra)} | ${plus(armExtra)} |`;
  });
}
