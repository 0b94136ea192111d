import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { probePgBouncer } from './pgbouncer';
import { probeRedis, REDIS_URL } from './redis';
import { MYSQL_URL, PG_URL, UNAVAILABLE_ENV } from './targets';

async function reachable(family: 'postgres' | 'mysql'): Promise<string | undefined> {
  try {
    if (family === 'postgres') {
      const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
      await client.connect();
      await client.end();
    } else {
      const connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
      await connection.end();
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Probes the database servers once, PgBouncer in front of PostgreSQL, and Redis (the BullMQ job
 * tests). In CI an unreachable server or an unstartable PgBouncer fails the run; elsewhere its
 * suites are skipped with a loud notice (embedded PGlite always runs).
 */
export default async function globalSetup(): Promise<void> {
  const down: string[] = [];
  for (const [family, url] of [['postgres', PG_URL], ['mysql', MYSQL_URL]] as const) {
    const problem = await reachable(family);
    if (!problem) continue;
    const line = `${family} at ${url} is unreachable: ${problem}`;
    if (process.env.CI === 'true') throw new Error(`CI requires every database. ${line}`);
    down.push(family);
    console.warn(`\n!!!!!!!! ${line}\n!!!!!!!! Its suites are SKIPPED. Start it (see README) to run them.\n`);
  }
  if (!down.includes('postgres')) {
    const problem = await probePgBouncer(PG_URL);
    if (problem) {
      const line = `pgbouncer in front of ${PG_URL} does not start: ${problem}`;
      if (process.env.CI === 'true') throw new Error(`CI requires PgBouncer. ${line}`);
      down.push('pgbouncer');
      console.warn(`\n!!!!!!!! ${line}\n!!!!!!!! The pooler variants are SKIPPED. Install it (apt-get install -y pgbouncer) or mend the above to run them.\n`);
    }
  }
  const redisProblem = await probeRedis();
  if (redisProblem) {
    const line = `redis at ${REDIS_URL} is unreachable: ${redisProblem}`;
    if (process.env.CI === 'true') throw new Error(`CI requires Redis. ${line}`);
    down.push('redis');
    console.warn(`\n!!!!!!!! ${line}\n!!!!!!!! The BullMQ job suites are SKIPPED. Start it (see README) to run them.\n`);
  }
  process.env[UNAVAILABLE_ENV] = down.join(',');
}
