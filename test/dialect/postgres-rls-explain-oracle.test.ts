import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createTenantTable, dropTable } from '../../src/migrations/ddl';
import { describeEachAppRole } from '../support/app-role';
import { inWallScope, type ScopedQuery } from '../support/wall-scope';

/**
 * Regression: EXPLAIN ANALYZE as the application role told whether ANOTHER tenant held a value.
 * The old single policy `tenant_id = <tenant> OR (SELECT <system key check>)` ran its InitPlan
 * only when a row of another tenant matched the rest of the query ("never executed" vs run, and
 * "Rows Removed by Filter"). The tables here lead every index but the primary key with tenant_id,
 * like the bundled schema; 50,000 rows over 20 tenants, analyzed.
 */
const TABLES = ['oracle_notes', 'oracle_old'] as const;
const OLD_PREDICATE =
  `("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid OR (SELECT CASE WHEN ` +
  `coalesce(current_setting('app.tenant_system_key', true), '') = '' THEN false ELSE oracle_old_system_access() END))`;

class CreateOracleTables1800000000900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO tenants (id, name, slug) SELECT gen_random_uuid(), 'T' || i, 'oracle-' || lpad(i::text, 2, '0') FROM generate_series(0, 19) i`,
    );
    for (const name of TABLES) {
      await createTenantTable(queryRunner, { name, comment: 'EXPLAIN oracle', columns: [{ name: 'slug', type: 'varchar(40)' }, { name: 'memo', type: 'text', nullable: true }] });
      await queryRunner.query(`CREATE UNIQUE INDEX ${name}_tenant_slug ON ${name} (tenant_id, slug)`);
      await queryRunner.query(`CREATE INDEX ${name}_tenant_created ON ${name} (tenant_id, created_at)`);
      await queryRunner.query(
        `INSERT INTO ${name} (id, tenant_id, slug, memo, created_at) SELECT gen_random_uuid(), t.id, 'n' || g, 'm', now() - g * interval '1 second' ` +
          `FROM generate_series(1, 50000) g JOIN tenants t ON t.slug = 'oracle-' || lpad((g % 20)::text, 2, '0')`,
      );
      await queryRunner.query(`ANALYZE ${name}`);
    }
    // Today's policy until this change, for the application role as itself (TO PUBLIC), with a
    // copy of the key check as it was then: executable by PUBLIC.
    await queryRunner.query(
      `CREATE FUNCTION oracle_old_system_access() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp ` +
        `AS $fn$ SELECT EXISTS (SELECT 1 FROM tenancy_private.system_keys k WHERE k.key_hash = sha256(convert_to(coalesce(current_setting('app.tenant_system_key', true), ''), 'UTF8'))) $fn$`,
    );
    await queryRunner.query('DROP POLICY tenant_isolation ON oracle_old');
    await queryRunner.query('DROP POLICY tenant_system_access ON oracle_old');
    await queryRunner.query(`CREATE POLICY tenant_isolation ON oracle_old AS PERMISSIVE FOR ALL USING ${OLD_PREDICATE} WITH CHECK ${OLD_PREDICATE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of TABLES) await dropTable(queryRunner, name);
    await queryRunner.query('DROP FUNCTION oracle_old_system_access()');
  }
}

/** Plan knobs an attacker running SQL can set, each pushing the planner to another scan. */
const KNOBS = [[], ['enable_seqscan'], ['enable_indexscan'], ['enable_bitmapscan'], ['enable_indexscan', 'enable_bitmapscan'], ['enable_seqscan', 'enable_bitmapscan']];

/**
 * EXPLAIN ANALYZE output of `sql` with `$v` as `value` (shown as `?`). Run twice, the second kept:
 * PostgreSQL 18 reports buffers by default, and the first run's reads become hits (cache state).
 */
const explain = async (q: ScopedQuery, sql: string, value: string) => {
  const text = `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) ${sql.replace('$v', `'${value}'`)}`;
  await q(text);
  const [row] = await q(text);
  return JSON.stringify(Object.values(row)[0]).split(value).join('?');
};

/** Scan nodes of an EXPLAIN (FORMAT JSON) plan, depth first. */
const scans = (plan: Record<string, unknown>): Array<Record<string, unknown>> => [
  ...(/Scan/.test(String(plan['Node Type'])) ? [plan] : []),
  ...((plan.Plans as Array<Record<string, unknown>> | undefined) ?? []).flatMap(scans),
];

describeEachAppRole('EXPLAIN oracle on other tenants\' rows', { migrations: [CreateOracleTables1800000000900] }, (db) => {
  let opened: DataSource | undefined; // one: PGlite serves four clients at most
  const tenantIds = async () => {
    const raw = (opened ??= await db().open({ tenancy: false }));
    const rows = await inWallScope(raw, { systemKey: db().systemKey }, (q) => q(`SELECT id FROM tenants WHERE slug IN ('oracle-00', 'oracle-01') ORDER BY slug`));
    return { raw, a: String(rows[0].id), b: String(rows[1].id) };
  };
  /** EXPLAIN of `sql` for a value tenant B holds ('n1') and one nobody holds ('x1'), under every knob. */
  const compare = async (enter: (fn: (q: ScopedQuery) => Promise<void>) => Promise<void>, sql: string) => {
    const differing: string[] = [];
    for (const knobs of KNOBS) {
      await enter(async (q) => {
        for (const knob of knobs) await q(`SELECT set_config('${knob}', 'off', true)`);
        const [held, none] = [await explain(q, sql, 'n1'), await explain(q, sql, 'x1')];
        if (held !== none) differing.push(`[${knobs.join(', ')}] ${held}`);
      });
    }
    return differing;
  };

  it('the old policy leaked (the oracle sees it): the system-key InitPlan runs only when another tenant matches', async () => {
    const { raw, a } = await tenantIds();
    const asOldTenant = (fn: (q: ScopedQuery) => Promise<void>) =>
      inWallScope(raw, null, async (q) => {
        await q(`SELECT set_config('app.tenant_id', $1, true)`, [a]);
        await fn(q);
      });
    expect((await compare(asOldTenant, 'SELECT * FROM oracle_old WHERE slug = $v')).length).toBeGreaterThan(0);
  });

  it('as tenancy_tenant, a value another tenant holds and one nobody holds explain identically', async () => {
    const { raw, a } = await tenantIds();
    const asTenant = (fn: (q: ScopedQuery) => Promise<void>) => inWallScope(raw, { tenantId: a }, fn);
    expect(await compare(asTenant, 'SELECT * FROM oracle_notes WHERE slug = $v')).toEqual([]);
    expect(await compare(asTenant, `SELECT * FROM oracle_notes WHERE slug = $v AND tenant_id > '00000000-0000-0000-0000-000000000000'`)).toEqual([]);
  });

  it('as tenancy_system without a valid key too (a lone key check would run after the caller\'s own index condition)', async () => {
    const { raw } = await tenantIds();
    for (const systemKey of ['', 'wrong-key-wrong-key-wrong-key-wrong-key']) {
      const asSystem = (fn: (q: ScopedQuery) => Promise<void>) => inWallScope(raw, { systemKey }, fn);
      expect(await compare(asSystem, 'SELECT * FROM oracle_notes WHERE slug = $v')).toEqual([]);
    }
  });

  it('as tenancy_system without a key, a zero-cost condition (IS NULL) on another tenant\'s row explains the same whether it holds or not', async () => {
    const { raw, b } = await tenantIds();
    const plans: string[][] = [];
    for (const nulled of [false, true]) {
      const seen: string[] = [];
      for (const knobs of KNOBS) {
        await inWallScope(raw, { systemKey: db().systemKey }, async (q) => {
          if (nulled) await q(`UPDATE oracle_notes SET memo = NULL WHERE tenant_id = $1 AND slug = 'n1'`, [b]);
          await q(`SELECT set_config('role', 'tenancy_system', true), set_config('app.tenant_system_key', '', true)`);
          for (const knob of knobs) await q(`SELECT set_config('${knob}', 'off', true)`);
          seen.push(await explain(q, 'SELECT * FROM oracle_notes WHERE memo IS NULL', 'unused'));
        });
      }
      plans.push(seen);
    }
    expect(plans[1]).toEqual(plans[0]);
  });

  it('the tenant test is an index condition: newest 20 and count(*) read only the tenant\'s index entries', async () => {
    const { raw, a } = await tenantIds();
    for (const sql of ['SELECT * FROM oracle_notes ORDER BY created_at DESC LIMIT 20', 'SELECT count(*) FROM oracle_notes']) {
      const [row] = await inWallScope(raw, { tenantId: a }, (q) => q(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) ${sql}`));
      const nodes = scans((Object.values(row)[0] as Array<{ Plan: Record<string, unknown> }>)[0].Plan);
      expect(nodes.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      const indexed = nodes.filter((n) => /^(Index Scan|Index Only Scan|Bitmap Index Scan)$/.test(String(n['Node Type'])));
      expect(indexed).toHaveLength(1);
      expect(String(indexed[0]['Index Name'])).toMatch(/^(oracle_notes_tenant_|uq_oracle_notes_tenant_id_id)/);
      expect(String(indexed[0]['Index Cond'])).toMatch(/^\(tenant_id = \(NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)\)::uuid\)$/);
      expect(Number(indexed[0]['Actual Rows'])).toBeLessThanOrEqual(2500); // this tenant's 2,500 of 50,000
    }
  });
});
