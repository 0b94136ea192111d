import type { DataSource } from 'typeorm';
import { pgIdentifier } from '../postgres-sql';

/** A node of the cluster as `pg_dist_node` lists it (group 0: the coordinator). */
interface CitusNode {
  nodename: string;
  nodeport: number;
  groupid: number;
}

type PgClientLike = { connect(): Promise<unknown>; query(sql: string): Promise<unknown>; end(): Promise<void> };
type PgClientClass = new (config: Record<string, unknown>) => PgClientLike;

const NODES_SQL = 'SELECT nodename, nodeport, groupid FROM pg_dist_node WHERE isactive AND noderole = \'primary\' ORDER BY groupid, nodeid';

/**
 * node-postgres settings that reach `database` on a node as the target's own user: the target's
 * URL or host/port/user/password with the node's host and port (Citus nodes share their roles, and
 * Citus itself reaches the workers as that user).
 */
function nodeConfig(target: DataSource, node: { nodename: string; nodeport: number } | null, database: string): Record<string, unknown> {
  const o = target.options as { url?: string; host?: string; port?: number; username?: string; password?: string; ssl?: unknown; database?: string };
  if (o.url) {
    const url = new URL(o.url);
    if (node) {
      url.hostname = node.nodename;
      url.port = String(node.nodeport);
    }
    url.pathname = `/${encodeURIComponent(database)}`;
    return { connectionString: url.toString(), ...(o.ssl !== undefined ? { ssl: o.ssl } : {}) };
  }
  return { host: node?.nodename ?? o.host, port: node?.nodeport ?? o.port, user: o.username, password: o.password, ssl: o.ssl, database };
}

async function run(Client: PgClientClass, config: Record<string, unknown>, sql: string[]): Promise<void> {
  const client = new Client(config);
  await client.connect();
  try {
    for (const s of sql) await client.query(s);
  } finally {
    await client.end();
  }
}

/**
 * Creates database `name` as a Citus database with the same nodes as the coordinator `target` is
 * connected to: the database and the `citus` extension on the coordinator and on every worker of
 * `pg_dist_node` (Citus propagates neither), then the coordinator host and each worker registered
 * in it. Run as the target's user, who needs CREATEDB and the right to create the extension on
 * every node (a superuser, in practice). Whatever fails after a database exists drops it again.
 * Returns the drop (every node, `WITH (FORCE)`).
 *
 * @example
 * const drop = await createCitusScratch(coordinator, 'app_lint_3fa85f64');
 * try { … } finally { await drop(); }
 */
export async function createCitusScratch(target: DataSource, name: string): Promise<() => Promise<void>> {
  const Client = (target.driver as unknown as { postgres: { Client: PgClientClass } }).postgres.Client;
  const nodes = (await target.query(NODES_SQL)) as CitusNode[];
  const coordinator = nodes.find((n) => n.groupid === 0) ?? null;
  const workers = nodes.filter((n) => n.groupid !== 0);
  const home = String(target.driver.database ?? (target.options as { database?: string }).database ?? 'postgres');
  const made: Array<CitusNode | null> = [];
  const drop = async () => {
    for (const node of made.reverse()) {
      if (node) await run(Client, nodeConfig(target, node, home), [`DROP DATABASE IF EXISTS ${pgIdentifier(name)} WITH (FORCE)`]);
      else await target.query(`DROP DATABASE IF EXISTS ${pgIdentifier(name)} WITH (FORCE)`);
    }
  };
  try {
    await target.query(`CREATE DATABASE ${pgIdentifier(name)}`);
    made.push(null);
    await run(Client, nodeConfig(target, null, name), ['CREATE EXTENSION citus']);
    for (const worker of workers) {
      await run(Client, nodeConfig(target, worker, home), [`CREATE DATABASE ${pgIdentifier(name)}`]);
      made.push(worker);
      await run(Client, nodeConfig(target, worker, name), ['CREATE EXTENSION citus']);
    }
    const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
    await run(Client, nodeConfig(target, null, name), [
      ...(coordinator ? [`SELECT citus_set_coordinator_host(${literal(coordinator.nodename)}, ${Number(coordinator.nodeport)})`] : []),
      ...workers.map((w) => `SELECT citus_add_node(${literal(w.nodename)}, ${Number(w.nodeport)})`),
    ]);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return drop;
}
