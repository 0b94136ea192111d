import { uuidv7 as randomUUID } from '../../src/uuid';
import { bundledEntities, User, UserRole } from '../../src/entities';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { describeCitus } from '../support/citus';
import { seedTenants } from '../support/tenants';

/**
 * Both walls on Citus, on the bundled schema migrated with the Citus profile (tenant tables
 * distributed by tenant_id, co-located; every shard on the worker in the lab, so anything read
 * came from a worker). The application role connects; the wall runs in the Citus form.
 */
describeCitus('both walls on Citus (bundled schema)', { entities: bundledEntities }, (db) => {
  let A: string;
  let B: string;
  const users = () => db().app.getRepository(User);
  const user = (name: string) => ({ email: `${name}@example.com`, name, status: 'active' as const });

  beforeAll(async () => {
    [A, B] = await seedTenants(db().owner, 'citus-a', 'citus-b');
    await withTenant(A, () => users().save([user('a1'), user('a2'), user('a3')]));
    await withTenant(B, () => users().save([user('b1'), user('b2')]));
  });

  describe('database wall (raw SQL as the application role, Citus form)', () => {
    it('tenant traffic sees exactly its rows, read on the worker', async () => {
      const a = await withTenant(A, () => db().app.query('SELECT tenant_id FROM users'));
      const b = await withTenant(B, () => db().app.query('SELECT tenant_id FROM users'));
      expect(a.map((r: { tenant_id: string }) => r.tenant_id)).toEqual([A, A, A]);
      expect(b.map((r: { tenant_id: string }) => r.tenant_id)).toEqual([B, B]);
      // An all-shard statement: every shard answers, each only with the tenant's rows.
      expect(await withTenant(A, () => db().app.query('SELECT tenant_id, count(*)::int AS n FROM users GROUP BY tenant_id'))).toEqual([{ tenant_id: A, n: 3 }]);
    });

    it('no tenant sees no row (and is not refused: closed, not broken)', async () => {
      expect(await db().app.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
    });

    it('system work with the key sees every row; without the key none', async () => {
      expect(await withoutTenantScope(() => db().app.query('SELECT count(*)::int AS n FROM users'))).toEqual([{ n: 5 }]);
      const keyless = await db().openApp({ rowLevelSecurity: { citus: true, systemKey: 'x'.repeat(40) } });
      expect(await withoutTenantScope(() => keyless.query('SELECT count(*)::int AS n FROM users'))).toEqual([{ n: 0 }]);
    });

    it("a cross-tenant insert is refused by the policy on the worker, and the connection goes on", async () => {
      await expect(
        withTenant(B, () =>
          db().app.query(`INSERT INTO users (id, tenant_id, email, name, status) VALUES ($1, $2, 'x@example.com', 'x', 'active')`, [randomUUID(), A]),
        ),
      ).rejects.toThrow(/row-level security/);
      expect(await withoutTenantScope(() => db().app.query(`SELECT count(*)::int AS n FROM users WHERE email = 'x@example.com'`))).toEqual([{ n: 0 }]);
      expect(await withTenant(B, () => db().app.query('SELECT count(*)::int AS n FROM users'))).toEqual([{ n: 2 }]);
    });
  });

  describe('scope layer reads and writes on distributed tables', () => {
    it('find, list, join, count, update, delete stay in the tenant', async () => {
      await withTenant(A, async () => {
        const [first] = await users().find({ order: { email: 'ASC' } });
        expect(first.email).toBe('a1@example.com');
        expect(await users().countBy({ status: 'active' })).toBe(3);
        await db().app.getRepository(UserRole).save({ userId: first.id, role: 'admin' });
        const joined = await db().app.getRepository(UserRole).find({ relations: { user: true } });
        expect(joined.map((r) => [r.user?.email, r.tenantId])).toEqual([['a1@example.com', A]]);
        await users().update({ email: 'a2@example.com' }, { name: 'renamed' });
        await users().softDelete({ email: 'a3@example.com' });
      });
      expect(await withTenant(B, () => users().countBy({ name: 'renamed' }))).toBe(0);
      expect(await withTenant(A, () => users().countBy({ name: 'renamed' }))).toBe(1);
      expect(await withTenant(A, () => users().count())).toBe(2);
      expect(await withTenant(A, () => users().count({ withDeleted: true }))).toBe(3);
    });

    it('upsert inserts and then updates its own row (no STABLE function in DO UPDATE SET)', async () => {
      const repo = db().app.getRepository(User);
      const id = randomUUID();
      await withTenant(B, () => repo.upsert([{ id, ...user('b-up') }], ['tenantId', 'id']));
      await withTenant(B, () => repo.upsert([{ id, ...user('b-up'), name: 'two' }], ['tenantId', 'id']));
      expect(await withTenant(B, () => repo.findOneByOrFail({ id }))).toMatchObject({ name: 'two', tenantId: B });
    });

    it("upsert on another tenant's (tenant, id) writes a row of its own tenant and leaves theirs", async () => {
      const repo = db().app.getRepository(User);
      const theirs = await withTenant(A, () => repo.findOneByOrFail({ email: 'a1@example.com' }));
      await withTenant(B, () => repo.upsert([{ id: theirs.id, ...user('b-copy'), name: 'pwned' }], ['tenantId', 'id']));
      expect(await withTenant(A, () => repo.findOneByOrFail({ id: theirs.id }))).toMatchObject({ name: 'a1', tenantId: A });
      expect(await withTenant(B, () => repo.findOneByOrFail({ id: theirs.id }))).toMatchObject({ name: 'pwned', tenantId: B });
    });

    it('save() with a caller-chosen id works without looking across shards', async () => {
      const id = randomUUID();
      await withTenant(A, () => users().save({ id, ...user('a-chosen') }));
      expect(await withTenant(A, () => users().findOneByOrFail({ id }))).toMatchObject({ tenantId: A });
      expect(await withTenant(B, () => users().findOneBy({ id }))).toBeNull();
    });
  });
});
