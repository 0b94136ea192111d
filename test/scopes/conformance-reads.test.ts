import { Readable } from 'node:stream';
import { MoreThan, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { MissingTenantError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Folder, Label, Project, Remark, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { tenantsIn } from '../support/observe';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * One read path. `rows`: tenant ids seen for tenant A alone, and in total unscoped (undefined: only
 * "both tenants seen"). `value`: what the path returns as A and unscoped.
 */
type ReadPath =
  | { name: string; run: (ds: DataSource, a: TenantSeed, b: TenantSeed) => Promise<unknown>; rows: [number, number | undefined] }
  | { name: string; run: (ds: DataSource, a: TenantSeed, b: TenantSeed) => Promise<unknown>; value: (a: TenantSeed, b: TenantSeed) => [unknown, unknown] };

const tasks = (ds: DataSource) => ds.getRepository(Task);
const qb = (ds: DataSource): SelectQueryBuilder<Task> => ds.getRepository(Task).createQueryBuilder('t');
const same = { title: 'Same title' };
const drain = async (stream: Readable) => { const rows: unknown[] = []; for await (const row of stream) rows.push(row); return rows; };

const PATHS: ReadPath[] = [
  { name: 'find', run: (ds) => tasks(ds).find(), rows: [3, 6] },
  { name: 'findBy', run: (ds) => tasks(ds).findBy(same), rows: [3, 6] },
  { name: 'findOne', run: (ds) => tasks(ds).findOne({ where: same, order: { views: 'DESC' } }).then((t) => t?.views), value: () => [3, 6] },
  { name: 'findOneBy a foreign id', run: (ds, _a, b) => tasks(ds).findOneBy({ id: b.tasks[0].id }).then((t) => t?.tenantId ?? null), value: (_a, b) => [null, b.tenantId] },
  { name: 'findOneOrFail', run: (ds, a) => tasks(ds).findOneOrFail({ where: { id: a.tasks[0].id } }), rows: [1, 1] },
  { name: 'findOneByOrFail a foreign id', run: (ds, _a, b) => tasks(ds).findOneByOrFail({ id: b.tasks[0].id }).then((t) => t.tenantId, (e: Error) => { if (e.name === 'EntityNotFoundError') return e.name; throw e; }), value: (_a, b) => ['EntityNotFoundError', b.tenantId] },
  { name: 'findAndCount', run: (ds) => tasks(ds).findAndCount({ where: same }).then(([rows, n]) => [tenantsIn(rows).length, n]), value: () => [[3, 3], [6, 6]] },
  { name: 'count', run: (ds) => tasks(ds).count({ where: same }), value: () => [3, 6] },
  { name: 'countBy', run: (ds) => tasks(ds).countBy(same), value: () => [3, 6] },
  { name: 'exists a foreign id', run: (ds, _a, b) => tasks(ds).exists({ where: { id: b.tasks[0].id } }), value: () => [false, true] },
  { name: 'existsBy a foreign value', run: (ds) => tasks(ds).existsBy({ views: 5 }), value: () => [false, true] },
  { name: 'sum', run: (ds) => tasks(ds).sum('views'), value: () => [6, 21] },
  { name: 'average', run: (ds) => tasks(ds).average('views').then(Number), value: () => [2, 3.5] },
  { name: 'minimum', run: (ds) => tasks(ds).minimum('views'), value: () => [1, 1] },
  { name: 'minimum of views above 3', run: (ds) => tasks(ds).minimum('views', { views: MoreThan(3) }), value: () => [null, 4] },
  { name: 'maximum (soft-deleted 100 excluded)', run: (ds) => tasks(ds).maximum('views'), value: () => [3, 6] },
  { name: 'preload a foreign id', run: (ds, _a, b) => tasks(ds).preload({ id: b.tasks[0].id, title: 'x' }).then((t) => t?.tenantId), value: (_a, b) => [undefined, b.tenantId] },
  { name: 'qb.getMany', run: (ds) => qb(ds).getMany(), rows: [3, 6] },
  { name: 'qb.getOne', run: (ds) => qb(ds).orderBy('t.views', 'DESC').getOne().then((t) => t?.views), value: () => [3, 6] },
  { name: 'qb.getRawMany', run: (ds) => qb(ds).getRawMany(), rows: [3, 6] },
  { name: 'qb.getRawOne', run: (ds) => qb(ds).orderBy('t.views', 'DESC').getRawOne().then((r) => Number(r.t_views)), value: () => [3, 6] },
  { name: 'qb.getCount', run: (ds) => qb(ds).getCount(), value: () => [3, 6] },
  { name: 'qb.getExists (foreign id)', run: (ds, _a, b) => qb(ds).where('t.id = :id', { id: b.tasks[0].id }).getExists(), value: () => [false, true] },
  { name: 'qb.getManyAndCount', run: (ds) => qb(ds).getManyAndCount().then(([rows, n]) => [tenantsIn(rows).length, n]), value: () => [[3, 3], [6, 6]] },
  { name: 'qb.stream', run: async (ds) => drain(await qb(ds).stream()), rows: [3, 6] },
  { name: 'relation join (leftJoinAndSelect)', run: (ds) => qb(ds).leftJoinAndSelect('t.project', 'p').getMany(), rows: [6, 12] },
  { name: 'entity join on look-alike title', run: (ds) => qb(ds).leftJoin(Project, 'p', 'p.title = :pt', { pt: 'Shared' }).addSelect('p.tenantId', 'p_tenant_id').getRawMany(), rows: [6, 24] },
  { name: 'many-to-many innerJoinAndSelect', run: (ds) => qb(ds).innerJoinAndSelect('t.labels', 'l').getMany(), rows: [3, 6] },
  { name: 'addFrom cross join on look-alike title', run: (ds) => qb(ds).addFrom(Project, 'p').where('p.title = :pt', { pt: 'Shared' }).addSelect('p.tenantId', 'p_tenant_id').getRawMany(), rows: [6, 24] },
  { name: 'scalar subquery', run: (ds) => ds.getRepository(Project).createQueryBuilder('p').select('p.id', 'id').addSelect((sub) => sub.select('COUNT(*)').from(Task, 'x').where('x.title = :st', { st: 'Same title' }), 'cnt').getRawMany().then((r) => Number(r[0].cnt)), value: () => [3, 6] },
  { name: 'whereExists on a foreign row', run: (ds, _a, b) => ds.getRepository(Project).createQueryBuilder('p').whereExists(ds.getRepository(Task).createQueryBuilder('x').where('x.id = :bid', { bid: b.tasks[0].id })).getCount(), value: () => [0, 2] },
  { name: 'CTE from a query builder', run: (ds) => ds.createQueryBuilder().addCommonTableExpression(qb(ds).select('t.views', 'views'), 'v').select('SUM(v.views)', 's').from('v', 'v').getRawOne().then((r) => Number(r.s)), value: () => [6, 21] },
  { name: 'skip/take pagination with a join', run: (ds) => qb(ds).leftJoinAndSelect('t.labels', 'l').orderBy('t.views', 'DESC').skip(0).take(2).getMany(), rows: [2, 2] },
  { name: 'loadRelationIdAndMap', run: (ds) => qb(ds).loadRelationIdAndMap('t.labelIdList', 't.labels').getMany().then((r) => r.flatMap((t) => (t as Task & { labelIdList: string[] }).labelIdList).length), value: () => [2, 4] },
  { name: '@RelationId', run: (ds) => tasks(ds).find().then((r) => r.flatMap((t) => t.labelIds ?? []).length), value: () => [2, 4] },
  { name: 'eager relation', run: (ds) => ds.getRepository(Remark).find(), rows: [4, 8] },
  { name: 'relations option (join)', run: (ds) => ds.getRepository(Project).find({ relations: { tasks: true } }), rows: [4, 8] },
  { name: "relationLoadStrategy 'query'", run: (ds) => ds.getRepository(Project).find({ relations: { tasks: true }, relationLoadStrategy: 'query' }), rows: [4, 8] },
  { name: 'lazy relation', run: async (ds) => { const labels = await ds.getRepository(Label).findBy({ name: 'red' }); return Promise.all(labels.map((l) => l.tasks)); }, rows: [1, 2] },
  { name: 'RelationQueryBuilder.loadMany of a foreign parent', run: (ds, _a, b) => ds.createQueryBuilder().relation(Project, 'tasks').of(b.project.id).loadMany().then((r) => r.length), value: () => [0, 3] },
  { name: 'RelationQueryBuilder.loadOne of a foreign child', run: (ds, _a, b) => ds.createQueryBuilder().relation(Task, 'project').of(b.tasks[0].id).loadOne().then((p) => p?.tenantId), value: (_a, b) => [undefined, b.tenantId] },
  { name: 'tree findTrees', run: (ds) => ds.getTreeRepository(Folder).findTrees(), rows: [3, 6] },
  { name: 'tree findDescendants', run: (ds, a) => ds.getTreeRepository(Folder).findDescendants(a.root), rows: [3, 3] },
  { name: 'tree findDescendants of a foreign root', run: (ds, _a, b) => ds.getTreeRepository(Folder).findDescendants(b.root).then((r) => r.length), value: () => [0, 3] },
  { name: 'tree findRoots', run: (ds) => ds.getTreeRepository(Folder).findRoots(), rows: [1, 2] },
];

describeEachDatabase('scope conformance: reads', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;
  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  describe.each(PATHS.map((p) => [p.name, p] as const))('%s', (_name, path) => {
    it('tenant A sees only its own rows', async () => {
      const result = await withTenant(A.tenantId, () => path.run(ds, A, B));
      if ('rows' in path) {
        const seen = tenantsIn(result);
        expect(seen.filter((t) => t !== A.tenantId)).toEqual([]);
        expect(seen).toHaveLength(path.rows[0]);
      } else {
        expect(result).toEqual(path.value(A, B)[0]);
      }
    });

    it('with no tenant it throws TENANT_MISSING', async () => {
      const error = await Promise.resolve().then(() => path.run(ds, A, B)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MissingTenantError);
      expect((error as MissingTenantError).code).toBe('TENANT_MISSING');
    });

    it('withoutTenantScope sees every tenant', async () => {
      const result = await withoutTenantScope(() => path.run(ds, A, B));
      if ('rows' in path) {
        const seen = tenantsIn(result);
        if (path.rows[1] !== undefined) expect(seen).toHaveLength(path.rows[1]);
        if (path.rows[1] === undefined || path.rows[1] >= 2 * path.rows[0]) expect(new Set(seen)).toEqual(new Set([A.tenantId, B.tenantId]));
      } else {
        expect(result).toEqual(path.value(A, B)[1]);
      }
    });
  });
});
