import { DataSource } from 'typeorm';
import { catalogQuery } from '../../dialect/catalog/catalog-source';
import { usingDataSource } from '../connection-error';
import { connectionOptionsFromUrl } from '../data-source-from-url';
import { readDistributionFacts } from './distribution-catalog';
import { distributionPlan, type DistributionPlan } from './distribution-plan';

/** Options of {@link distributeCommand}. */
export interface DistributeCommandOptions {
  /** The Citus coordinator's database (`postgres://…`, as the owner of the tables or a superuser); default `DATABASE_URL`. */
  url?: string;
  /** Print the plan, change nothing. */
  dryRun?: boolean;
  /** Foreign keys added back per transaction (default 20). */
  batchSize?: number;
}

/** What Citus holds after a run, for the summary line. */
async function placementSummary(ds: DataSource): Promise<string> {
  const [row] = await catalogQuery(
    ds,
    `SELECT count(*) FILTER (WHERE partmethod = 'h') AS distributed, count(DISTINCT colocationid) FILTER (WHERE partmethod = 'h') AS groups,
            count(*) FILTER (WHERE repmodel = 't') AS reference FROM pg_dist_partition`,
  );
  const [keys] = await catalogQuery(ds, "SELECT count(*) AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()");
  return `${row.distributed} distributed tables in ${row.groups} co-location group(s), ${row.reference} reference tables, ${keys.n} foreign keys`;
}

/** The plan as text, one line per statement under its transaction. */
export function renderDistributionPlan(plan: DistributionPlan): string[] {
  const lines = [
    `tenant tables to distribute by their tenant column: ${plan.tenantTables.length}; reference tables: ${plan.referenceTables.join(', ') || 'none'}`,
    ...plan.changedRules.map((r) => `rule changed (Citus refuses it on a key with the tenant column): ${r}`),
  ];
  plan.steps.forEach((s, i) => lines.push(`-- transaction ${i + 1}/${plan.steps.length}: ${s.title}`, ...s.statements.map((sql) => `${sql};`)));
  return lines;
}

/**
 * `typeorm-tenancy distribute [--url <coordinator>] [--dry-run] [--batch <n>]`: distributes a
 * populated single-server bundled schema on a Citus coordinator (docs/scale-out.md), transaction
 * by transaction (see `distributionPlan`); running it again resumes an interrupted run, and on a
 * distributed schema it does nothing. Exit code: 0 done (or planned), 1 blocked or failed, 2 usage.
 *
 * @example
 * process.exitCode = await distributeCommand({ url: 'postgres://owner@coordinator/app', dryRun: true });
 */
export async function distributeCommand(options: DistributeCommandOptions, write: (line: string) => void = console.log): Promise<number> {
  const url = options.url || process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:/.test(url)) {
    write("typeorm-tenancy distribute: needs the Citus coordinator's postgres:// URL (--url or DATABASE_URL).");
    return 2;
  }
  const ds = new DataSource({ ...connectionOptionsFromUrl(url), extra: { max: 1 } });
  return usingDataSource(ds, url, async () => {
    const plan = distributionPlan(await readDistributionFacts(ds), options.batchSize);
    if (plan.blockers.length) {
      for (const b of plan.blockers) write(`blocked: ${b}`);
      write('Nothing was changed.');
      return 1;
    }
    if (plan.steps.length === 0) {
      write(`Nothing to do: ${await placementSummary(ds)}.`);
      return 0;
    }
    if (options.dryRun) {
      for (const line of renderDistributionPlan(plan)) write(line);
      write(`Dry run: ${plan.steps.length} transactions planned, nothing changed.`);
      return 0;
    }
    const runner = ds.createQueryRunner();
    try {
      for (const [i, step] of plan.steps.entries()) {
        const started = Date.now();
        await runner.startTransaction();
        try {
          for (const sql of step.statements) await runner.query(sql);
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          write(`transaction ${i + 1}/${plan.steps.length} (${step.title}) failed and was rolled back; run distribute again to resume.`);
          throw error;
        }
        write(`${i + 1}/${plan.steps.length} ${step.title} (${Date.now() - started} ms)`);
      }
    } finally {
      await runner.release();
    }
    write(`Distributed: ${await placementSummary(ds)}.`);
    return 0;
  });
}
