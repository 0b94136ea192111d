import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { runLint, type LintReport } from '../../src/cli/lint';
import { bundledEntities } from '../../src/entities';
import { bundledMigrations } from '../../src/migrations';
import { createTenantTable } from '../../src/migrations/ddl';
import { citusSql, describeCitus } from '../support/citus';

/** A tenant table made by the library's builder: the Citus profile distributes it by tenant_id, co-located. */
class CitusLintBuilt1800000300001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await createTenantTable(q, { name: 'lint_built', comment: 'lint', columns: [{ name: 'title', type: 'varchar(100)' }] });
  }
  async down(): Promise<void> {}
}

/** A tenant table made with a plain CREATE TABLE: left local on the coordinator. */
class CitusLintLocal1800000300002 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE lint_local (tenant_id uuid NOT NULL, id uuid NOT NULL, title varchar(100), PRIMARY KEY (tenant_id, id))');
  }
  async down(): Promise<void> {}
}

/** A key action Citus refuses on a distributed table (SET NULL would null the distribution column); a single server takes it. */
class CitusLintSetNull1800000300003 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await createTenantTable(q, { name: 'lint_tree', comment: 'lint', columns: [{ name: 'parent_id', type: 'uuid', nullable: true }] });
    await q.query('ALTER TABLE lint_tree ADD CONSTRAINT fk_lint_tree_parent FOREIGN KEY (tenant_id, parent_id) REFERENCES lint_tree (tenant_id, id) ON DELETE SET NULL');
  }
  async down(): Promise<void> {}
}

const failing = (report: LintReport, migration: string) => [...new Set(report.findings.filter((f) => f.migration === migration && f.status === 'fail').map((f) => f.rule))].sort();

/**
 * `typeorm-tenancy lint` on a Citus coordinator: the scratch database is a Citus database on every
 * node (so the pending migrations run the Citus profile and meet what Citus refuses), the new
 * `citus-placement` rule flags a tenant table left local, and nothing is left behind on any node.
 */
describeCitus('lint on a Citus coordinator', { entities: bundledEntities }, (db) => {
  const lintWith = async (pending: Array<new () => MigrationInterface>) => {
    const ds = new DataSource({ ...connectionOptionsFromUrl(db().url), entities: bundledEntities, migrations: [...bundledMigrations, ...pending], migrationsTransactionMode: 'each' });
    await ds.initialize();
    try {
      return await runLint(ds);
    } finally {
      await ds.destroy();
    }
  };
  /** Scratch databases of this suite's database on every node of the cluster. */
  const leftovers = async () => {
    const base = new URL(db().url);
    const prefix = `${base.pathname.slice(1)}_lint_`;
    const nodes = (await citusSql(db().url, ['SELECT nodename, nodeport FROM pg_dist_node'])) as Array<{ nodename: string; nodeport: number }>;
    const names: string[] = [];
    for (const n of nodes) {
      const u = new URL(db().url);
      u.hostname = n.nodename;
      u.port = String(n.nodeport);
      const rows = (await citusSql(u.toString(), ['SELECT datname FROM pg_database'])) as Array<{ datname: string }>;
      names.push(...rows.map((r) => r.datname).filter((d) => d.startsWith(prefix)));
    }
    return names;
  };

  it('a tenant table created by the builder passes; one left local on the coordinator fails citus-placement', async () => {
    const report = await lintWith([CitusLintBuilt1800000300001, CitusLintLocal1800000300002]);
    expect(report.scratch).toMatchObject({ citus: true, embedded: false });
    expect(failing(report, 'CitusLintBuilt1800000300001')).toEqual([]);
    expect(failing(report, 'CitusLintLocal1800000300002')).toContain('citus-placement');
    const finding = report.findings.find((f) => f.rule === 'citus-placement');
    expect(finding).toMatchObject({ table: 'lint_local' });
    expect(finding?.detail).toMatch(/local table on the coordinator, not distributed by tenant_id.*create_distributed_table\('lint_local', 'tenant_id', colocate_with => '/);
    expect(await leftovers()).toEqual([]);
  }, 600_000);

  it('a key action Citus refuses fails the migration on the scratch (a single-server scratch took it)', async () => {
    const report = await lintWith([CitusLintSetNull1800000300003]);
    expect(failing(report, 'CitusLintSetNull1800000300003')).toEqual(['migration-failed']);
    expect(report.findings.find((f) => f.rule === 'migration-failed')?.detail).toMatch(/cannot create foreign key constraint \(SET NULL or SET DEFAULT is not supported/);
    expect(await leftovers()).toEqual([]);
  }, 600_000);
});
