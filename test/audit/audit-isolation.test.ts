import { DataSource } from 'typeorm';
import { enableAuditLog } from '../../src/audit';
import { AuditLog } from '../../src/entities/security/audit-log.entity';
import { Tenant } from '../../src/entities/tenant.entity';
import { User } from '../../src/entities/identity/user.entity';
import { SystemSetting } from '../../src/entities/system/system-setting.entity';
import { TenancySetupError } from '../../src/errors';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../support/app-role';
import { Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { AUDIT_SCRATCH, auditedBy } from './audit-support';

describe('enableAuditLog setup', () => {
  it('needs enableTenancy first, and refuses a second call with other options', () => {
    expect(() => enableAuditLog(new DataSource({ type: 'postgres', entities: [] }))).toThrow(/enableTenancy\(dataSource\) first/);
    const ds = new DataSource({ type: 'postgres', entities: [Note, Notebook, AuditLog, User] });
    enableTenancy(ds);
    enableAuditLog(ds, { redact: ['iban'] });
    expect(() => enableAuditLog(ds, { redact: ['iban'] })).not.toThrow();
    expect(() => enableAuditLog(ds, { redact: ['bic'] })).toThrow(/already called on this DataSource with other options/);
  });
});

/** Audit rows are tenant rows: the scope layer limits them like any other; `entities` picks what is audited. */
describeEachDatabase('audit log: isolation and the entities option', AUDIT_SCRATCH, (db) => {
  let ds: DataSource;
  let A: string;
  let B: string;
  const audits = () => ds.getRepository(AuditLog);

  beforeAll(async () => {
    ds = db().dataSource;
    enableAuditLog(ds);
    [A, B] = await seedTenants(ds, 'alpha', 'beta');
    await withTenant(A, () => ds.getRepository(Note).insert({ title: 'a' }));
    await withTenant(B, () => ds.getRepository(Note).insert({ title: 'b' }));
  });

  it("tenant A reads only its own audit rows, through repositories and the query builder", async () => {
    const mine = await withTenant(A, () => audits().find());
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.tenantId.toLowerCase() === A)).toBe(true);
    const counted = await withTenant(A, () => ds.createQueryBuilder(AuditLog, 'a').where('a.entity_type = :t', { t: 'notes' }).getCount());
    expect(counted).toBe(1);
    const all = await withoutTenantScope(() => audits().countBy({ entityType: 'notes' }));
    expect(all).toBe(2);
    const theirs = await withoutTenantScope(() => audits().findOneByOrFail({ tenantId: B }));
    expect(await withTenant(A, () => audits().findOneBy({ id: theirs.id }))).toBeNull();
    expect((await withTenant(A, () => audits().update({ id: theirs.id }, { action: 'forged' }))).affected).toBe(0);
  });

  it('a plain entity without a tenant column is not audited by default', async () => {
    const { rows } = await auditedBy(ds, () => withoutTenantScope(() => ds.getRepository(SystemSetting).save({ key: 'k1', value: 1, isPublic: false })));
    expect(rows).toEqual([]);
  });

  it('entities: only the listed ones; a listed plain entity is audited inside withTenant, not in system work', async () => {
    const listed = await db().open({ ...AUDIT_SCRATCH });
    enableAuditLog(listed, { entities: [Notebook, SystemSetting, Tenant, AuditLog] }); // the last two are never audited
    const { rows } = await auditedBy(ds, async () => {
      await withTenant(A, () => listed.getRepository(Note).insert({ title: 'unlisted' }));
      await withTenant(A, () => listed.getRepository(Notebook).insert({ title: 'listed' }));
      await withTenant(A, () => listed.getRepository(SystemSetting).insert({ key: 'k2', value: 2, isPublic: true }));
      await withoutTenantScope(() => listed.getRepository(SystemSetting).insert({ key: 'k3', value: 3, isPublic: true }));
      await withoutTenantScope(() => listed.getRepository(Tenant).save({ name: 'Gamma', slug: 'gamma' }));
    });
    expect(rows.map((r) => [r.entityType, r.tenantId])).toEqual([['notebooks', A], ['system_settings', A]]);
    await listed.destroy();
  });

  it('a DataSource without the AuditLog entity is refused with the fix', async () => {
    const bare = await db().open({ entities: [Note, Notebook] });
    expect(() => enableAuditLog(bare)).toThrow(TenancySetupError);
    expect(() => enableAuditLog(bare)).toThrow(/Add AuditLog/);
    await bare.destroy();
  });
});

/** The database wall: as the application role, raw SQL of tenant B sees none of tenant A's audit rows. */
describeEachAppRole('audit log: row-level security on audit_logs', { ...AUDIT_SCRATCH, poolers: false }, (db) => {
  it("raw SQL as tenant B reads none of tenant A's audit rows; tenant A reads its own", async () => {
    const app = db().app;
    enableAuditLog(app);
    const [A, B] = await seedTenants(app, 'alpha', 'beta');
    const actor = (await withTenant(A, () => app.getRepository(User).save({ email: 'ada@example.com', name: 'Ada', status: 'active' }))).id;
    await withTenant(A, async () => {
      const note = await app.getRepository(Note).save({ title: 'secret plans' });
      await app.getRepository(Note).insert({ title: 'more plans' }); // statements: in a transaction the writer opens
      await app.getRepository(Note).update(note.id, { views: 1 });
    }, { actorId: actor });
    const asA = await withTenant(A, () => app.query(`SELECT tenant_id, user_id, action FROM audit_logs WHERE entity_type = 'notes' ORDER BY id`));
    expect(asA).toEqual(['insert', 'insert', 'update'].map((action) => ({ tenant_id: A, user_id: actor, action })));
    expect(await withTenant(B, () => app.query('SELECT * FROM audit_logs'))).toEqual([]);
    expect(await withTenant(B, () => app.query(`SELECT count(*)::int AS n FROM audit_logs WHERE tenant_id = '${A}'`))).toEqual([{ n: 0 }]);
  });
});
