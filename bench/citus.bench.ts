import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { connectionOptionsFromUrl } from '../src/cli/data-source-from-url';
import { createApplicationRole, registerSystemKey } from '../src/dialect/postgres-app-role';
import { Tenant } from '../src/entities/tenant.entity';
import { CreateTenantIsolation0099 } from '../src/migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../src/migrations/0100-create-tenants';
import { createTable, createTenantTable } from '../src/migrations/ddl';
import { enableTenancy } from '../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../src/scopes/tenancy-options';
import { CITUS_URL, createCitusDatabase } from '../test/support/citus';
import { conformanceEntities } from '../test/support/conformance-fixtures';
import { plainConnection, startPlainProcess } from './baseline/plain-process';
import { OPS_PER_ROUND, round, ROUNDS, TASKS_PER_TENANT, TENANTS } from './operations';
import { assertRight, inTenant, QUERIES, seed } from './scope.bench';
import { median, type BenchSection } from './section';

const POOL = 10;

/** ROUNDS timings of `fn` (one round each), after the caller's warm-up. */
async function repeat(fn: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) out.push(await fn());
  return out;
}

/** The tables the operations use, made by the library's builder: on Citus distributed by tenant_id, co-located. */
class CitusBenchTables1800000000900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, { name: 'projects', comment: 'bench', columns: [{ name: 'title', type: 'varchar(100)' }] });
    await createTenantTable(queryRunner, {
      name: 'tasks', comment: 'bench',
      columns: [{ name: 'title', type: 'varchar(100)' }, { name: 'views', type: 'int', default: 0 }, { name: 'project_id', type: 'uuid', nullable: true }],
      constraints: (d) => [`CONSTRAINT ${d.quote('fk_tasks_project')} FOREIGN KEY (${d.quote('tenant_id')}, ${d.quote('project_id')}) REFERENCES ${d.quote('projects')} (${d.quote('tenant_id')}, ${d.quote('id')})`],
    });
    // Task's @RelationId(labels) reads the junction with every task: labels and task_labels exist too (empty).
    await createTenantTable(queryRunner, { name: 'labels', comment: 'bench', columns: [{ name: 'code', type: 'varchar(50)' }, { name: 'name', type: 'varchar(50)' }] });
    await createTable(queryRunner, {
      name: 'task_labels', comment: 'bench junction',
      columns: [{ name: 'task_id', type: 'uuid' }, { name: 'label_id', type: 'uuid' }],
      constraints: (d) => [`PRIMARY KEY (${d.quote('task_id')}, ${d.quote('label_id')})`],
    });
    await queryRunner.query('CREATE INDEX idx_tasks_project ON tasks (project_id)');
  }
  async down(): Promise<void> {}
}

/**
 * The scope layer + the wall in the Citus form (as the application role) against plain TypeORM
 * (the superuser, in its own process, no library) on a Citus coordinator: the same operations as
 * the rls section, rounds interleaved, medians. Only with TEST_CITUS_URL; else the section says so.
 *
 * @example
 * TEST_CITUS_URL=postgres://postgres@127.0.0.1:9700/citus npx ts-node --transpile-only bench/index.ts citus
 */
export async function run(): Promise<BenchSection> {
  const title = 'Citus coordinator: scope + wall vs plain TypeORM';
  if (!CITUS_URL) return { title, markdown: 'Not measured: Citus not configured (set TEST_CITUS_URL to a coordinator, docs/scale-out.md).' };
  const created = await createCitusDatabase(CITUS_URL);
  const opened: DataSource[] = [];
  const open = async (url: string, tenancy: TenancyOptions | false, extra: Partial<DataSourceOptions> = {}) => {
    const ds = new DataSource({ ...connectionOptionsFromUrl(url), entities: [Tenant, ...conformanceEntities], migrations: [CreateTenantIsolation0099, CreateTenants0100, CitusBenchTables1800000000900], ...extra } as DataSourceOptions);
    if (tenancy !== false) enableTenancy(ds, tenancy);
    await ds.initialize();
    opened.push(ds);
    return ds;
  };
  const child = await startPlainProcess();
  const role = `cw_bench_${randomBytes(3).toString('hex')}`;
  const systemKey = randomBytes(24).toString('hex');
  try {
    const owner = await open(created.url, {});
    await owner.runMigrations({ transaction: 'none' });
    await createApplicationRole(owner, { role });
    await registerSystemKey(owner, systemKey, 'bench');
    const appUrl = new URL(created.url);
    appUrl.username = role;
    const wall = await open(appUrl.toString(), { rowLevelSecurity: { systemKey, citus: true } }, { extra: { max: POOL } } as never);
    const fixture = await seed(wall);
    const like = await open(created.url, false);
    await child.open('citus', plainConnection(like, { extra: { max: POOL } }), like, fixture);
    const { wrongAnswers } = await import('./operations');
    const { Task, Project } = await import('../test/support/conformance-fixtures');
    assertRight('plain (citus)', await child.verify('citus'));
    assertRight('wall (citus)', await wrongAnswers(wall, fixture, { Task, Project }, inTenant));
    const rows: string[] = [];
    for (const [q, [query, op]] of QUERIES.entries()) {
      for (const concurrency of [1, 8]) {
        // Plain TypeORM's statement may be one Citus refuses (a join not on the distribution column): shown, not measured.
        const refused = await child.round('citus', q, concurrency).then(
          () => null,
          (error: unknown) => String((error as Error)?.message ?? error).replace(/^plain baseline process: /, '').split('\n')[0],
        );
        if (refused) {
          await round(wall, fixture, op, concurrency, inTenant); // warm-up
          rows.push(`| ${query} | ${concurrency} | Citus refuses plain TypeORM's statement: \`${refused}\` | ${(1000 / median(await repeat(() => round(wall, fixture, op, concurrency, inTenant)))).toFixed(3)} | — |`);
          continue;
        }
        await round(wall, fixture, op, concurrency, inTenant);
        const plain: number[] = [];
        const walled: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          plain.push(await child.round('citus', q, concurrency));
          walled.push(await round(wall, fixture, op, concurrency, inTenant));
        }
        const p = median(plain);
        const w = median(walled);
        rows.push(`| ${query} | ${concurrency} | ${(1000 / p).toFixed(3)} | ${(1000 / w).toFixed(3)} | **${(p / w).toFixed(2)}×** |`);
      }
    }
    const notes = rows.some((r) => r.includes('Citus refuses'))
      ? ['', "Where Citus refuses plain TypeORM's statement, the join is on `project_id` alone: Citus joins distributed tables only on their distribution column. The scope layer adds `tenant_id = $n` to every alias, so the wall's statement is routed to one shard and runs."]
      : [];
    return {
      title,
      markdown: [
        `Citus coordinator (TEST_CITUS_URL; the lab: Citus 13.2.2 on PostgreSQL 15, one worker holding every shard, both on this machine),`,
        `tables projects and tasks distributed by tenant_id and co-located, ${TENANTS} tenants × ${TASKS_PER_TENANT} tasks, pool of ${POOL},`,
        `${OPS_PER_ROUND} operations per round, ${ROUNDS} rounds interleaved after a warm-up; medians in ms per operation.`,
        '**plain**: TypeORM as the superuser (bypasses the policies), in a separate process without the library;',
        "**wall**: the library as the application role, `rowLevelSecurity: { systemKey, citus: true }` (each statement in",
        '`BEGIN; SET LOCAL ×4; …; COMMIT`, one round trip), scope layer on. Both verified first (every look-up by id answers its own tenant).',
        '',
        '| query | concurrency | plain ms/op (own process) | wall ms/op | wall ÷ plain |',
        '| --- | ---: | ---: | ---: | ---: |',
        ...rows,
        ...notes,
      ].join('\n'),
    };
  } finally {
    await child.close();
    for (const ds of opened.reverse()) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await created.drop().catch(() => undefined);
    await created.dropRole(role);
  }
}
