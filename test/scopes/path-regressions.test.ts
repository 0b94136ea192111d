import { once } from 'node:events';
import {
  Column, DeleteDateColumn, Entity, PrimaryColumn, Tree, TreeChildren, TreeParent, type DataSource, type MigrationInterface, type QueryRunner,
} from 'typeorm';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { MissingTenantError, TenancySetupError, UnscopableQueryError } from '../../src/errors';
import { createTable, dropTable } from '../../src/migrations/ddl';
import { defineScope } from '../../src/scopes/scope-registry';
import { linkOwnerOf } from '../../src/scopes/scoped-tables';
import { currentTenantId } from '../../src/tenancy/current-tenant';
import { withTenant } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Label, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { tenantsIn } from '../support/observe';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows } from '../support/tenants';

/** A global (not tenant-aware) entity with TypeORM's soft delete: must behave exactly as in plain TypeORM. */
@Entity('memos')
class Memo {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 50 }) body: string;
  @Column({ type: 'int', default: 0 }) views: number;
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamp', nullable: true }) deletedAt: Date | null;
}

class CreateMemos1800000000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(queryRunner, {
      name: 'memos', comment: 'test: global soft-deletable entity',
      columns: [{ name: 'id', type: 'varchar(36)' }, { name: 'body', type: 'varchar(50)' }, { name: 'views', type: 'int', default: 0 }, { name: 'deleted_at', type: 'timestamp', nullable: true }],
      constraints: (d) => [`PRIMARY KEY (${d.quote('id')})`],
    });
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'memos');
  }
}

@Entity('places')
@Tree('nested-set')
class Place extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 50 }) name: string;
  @TreeParent() parent?: Place | null;
  @TreeChildren() children?: Place[];
}

@Entity('regions')
@Tree('closure-table')
class Region extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 50 }) name: string;
  @TreeParent() parent?: Region | null;
  @TreeChildren() children?: Region[];
}

const entities = [...conformanceEntities, Memo];

/** Holes of issue 12 outside table paths: each one failed (or leaked) before its fix. */
describeEachDatabase('path regressions', { entities, migrations: [CreateConformanceTables1800000000100, CreateMemos1800000000200] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  it("stream() listeners run in the caller's context, not the context that opened the pooled socket", async () => {
    const single = await db().open({ entities, extra: { poolSize: 1 } });
    // The pool's only socket was opened at initialize, outside any request; tenant B uses it first.
    await withTenant(B.tenantId, () => single.getRepository(Task).count());
    const seen = await withTenant(A.tenantId, async () => {
      const stream = await single.getRepository(Task).createQueryBuilder('t').select('t.tenant_id', 'tenant_id').stream();
      const contexts: Array<string | undefined> = [];
      const rows: unknown[] = [];
      stream.on('data', (row) => contexts.push(currentTenantId()) && rows.push(row));
      await once(stream, 'end');
      return { contexts, rows };
    });
    expect(seen.rows.length).toBeGreaterThan(0);
    expect(new Set(tenantsIn(seen.rows))).toEqual(new Set([A.tenantId.toLowerCase()]));
    expect(new Set(seen.contexts)).toEqual(new Set([A.tenantId]));
    const iterated = await withTenant(A.tenantId, async () => {
      const contexts: Array<string | undefined> = [];
      for await (const _row of await single.getRepository(Task).createQueryBuilder('t').stream()) contexts.push(currentTenantId());
      return contexts;
    });
    expect(iterated.length).toBe(seen.rows.length);
    expect(new Set(iterated)).toEqual(new Set([A.tenantId]));
    await single.destroy();
  });

  it('a lazy relation read without a tenant rejects for the caller only (no unhandled rejection) and loads later in a tenant', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const label = await withTenant(A.tenantId, () => ds.getRepository(Label).findOneByOrFail({ id: A.labels[0].id }));
      await expect(label.tasks).rejects.toBeInstanceOf(MissingTenantError);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      const tasks = await withTenant(A.tenantId, () => label.tasks);
      expect(tasks.map((t) => t.id)).toEqual([A.tasks[0].id]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('the reserved tenant parameter cannot be overridden by a scope parameters() function or setParameter', async () => {
    const scoped = await db().open({ entities });
    defineScope(scoped, { name: 'sneaky', entities: [Task], where: (column) => `${column('views')} >= 0`, parameters: () => ({ tenancy_tenant_id: B.tenantId }) });
    await expect(withTenant(A.tenantId, () => scoped.getRepository(Task).find())).rejects.toBeInstanceOf(UnscopableQueryError);
    const rows = await withTenant(A.tenantId, () =>
      ds.getRepository(Task).createQueryBuilder('t').where('t.views >= :min', { min: 0 }).setParameter('tenancy_tenant_id', B.tenantId).getMany(),
    );
    expect(rows.length).toBe(3);
    expect(new Set(tenantsIn(rows))).toEqual(new Set([A.tenantId.toLowerCase()]));
    await scoped.destroy();
  });

  it('an entity without a tenant column keeps TypeORM soft-delete semantics: same SQL and same affected rows as plain TypeORM', async () => {
    const plain = await db().open({ entities, tenancy: false });
    await plain.getRepository(Memo).insert([{ id: 'memo-1', body: 'live' }, { id: 'memo-2', body: 'gone' }]);
    await plain.getRepository(Memo).softDelete({ id: 'memo-2' });
    const sources = { plain, tenancy: ds };
    const observed: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(sources)) {
      const memos = source.getRepository(Memo);
      const join = memos.createQueryBuilder('m').leftJoin(Memo, 'other', 'other.id <> m.id').select('m.id');
      observed[name] = {
        sql: [memos.createQueryBuilder('m').getQuery(), join.getQuery(), memos.createQueryBuilder().update().set({ views: 1 }).getQuery()],
        found: (await memos.find()).length,
        withDeleted: (await memos.find({ withDeleted: true })).length,
        updated: (await source.createQueryBuilder().update(Memo).set({ views: () => 'views + 1' }).execute()).affected,
        incremented: (await memos.increment({ body: 'gone' }, 'views', 1)).affected,
      };
    }
    expect(observed.tenancy).toEqual(observed.plain);
    expect(observed.plain).toMatchObject({ found: 1, withDeleted: 2, updated: 2, incremented: 1 });
    await plain.destroy();
  });

  it('the database result cache: refused for tenant rows with the wall on (PostgreSQL), per tenant without it; global entities cache as usual', async () => {
    // TypeORM's database cache takes a second connection while the query holds one (PGlite's pool is 1 by default).
    const pool = db().target.name === 'pglite' ? { extra: { max: 2 } } : {};
    const cached = await db().open({ entities, extra: { cache: { type: 'database' }, ...pool } });
    const runner = cached.createQueryRunner();
    await cached.queryResultCache!.synchronize(runner);
    await runner.release();
    const tasks = (tenant: string) => withTenant(tenant, () => cached.getRepository(Task).find({ cache: 60_000 }));
    if (cached.options.type === 'postgres') {
      await expect(tasks(A.tenantId)).rejects.toMatchObject({ code: 'TENANCY_SETUP_UNSUPPORTED', message: expect.stringMatching(/cache.*redis/) });
      await expect(withTenant(A.tenantId, () => cached.getRepository(Task).createQueryBuilder('t').where((qb) => `t.id IN ${qb.subQuery().select('x.id').from(Task, 'x').getQuery()}`).cache(60_000).getMany())).rejects.toBeInstanceOf(TenancySetupError);
    } else {
      expect(new Set(tenantsIn(await tasks(A.tenantId)))).toEqual(new Set([A.tenantId.toLowerCase()]));
      expect(new Set(tenantsIn(await tasks(B.tenantId)))).toEqual(new Set([B.tenantId.toLowerCase()]));
    }
    expect((await withTenant(A.tenantId, () => cached.getRepository(Memo).find({ cache: 60_000, withDeleted: true }))).length).toBeGreaterThanOrEqual(0);
    expect(await countRows(cached, 'query-result-cache')).toBeGreaterThan(0);
    await cached.destroy();
  });

  it("softDeleteScope: 'all' gives entities without a tenant column the soft-delete scope", async () => {
    const all = await db().open({ entities, tenancy: { softDeleteScope: 'all' } });
    const result = await all.createQueryBuilder().update(Memo).set({ views: () => 'views + 1' }).execute();
    expect(result.affected).toBe(1);
    await all.destroy();
  });

  it("a nested-set tree on a tenant-aware entity is refused at initialize; closure-table links are scoped through their owner", async () => {
    const error = await db().open({ entities: [Place], migrate: false }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TenancySetupError);
    expect((error as Error).message).toMatch(/closure-table.*materialized-path/);
    const closure = await db().open({ entities: [Region], migrate: false });
    const junction = closure.entityMetadatas.find((m) => m.tableType === 'closure-junction')!;
    expect(linkOwnerOf(junction)?.owner.name).toBe('Region');
    const [sql] = await withTenant(A.tenantId, () => closure.createQueryBuilder().select('c.*').from(junction.tableName, 'c').getQueryAndParameters());
    expect(sql).toMatch(/EXISTS \(SELECT 1 FROM \S*regions\S* \S*tenancy_owner/);
    await closure.destroy();
  });
});
