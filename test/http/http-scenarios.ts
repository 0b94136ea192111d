import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { Note, Notebook } from '../support/fixtures';
import type { Target } from '../support/targets';
import { countRows, seedTenants } from '../support/tenants';
import { call as rawCall } from './http-app';

/** A test server: its base URL and how to stop it. */
export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The app every scenario talks to: routes of `noteHandlers` behind the integration under test with
 * `resolve: fromHeader()`, `check: activeTenantCheck(dataSource)`, `actor` = the `x-user-id` header,
 * and the integration's error handler.
 */
export type StartApp = (dataSource: DataSource) => Promise<Running>;

/**
 * The end-to-end cases, identical for Express and Fastify; call inside `describeEachDatabase` (or
 * `describeEachAppRole`, passing the app-role DataSource). Raw inspection queries run as system work,
 * so they see every row also behind row-level security (with the system key).
 */
export function httpScenarios(db: () => { readonly dataSource: DataSource; readonly target: Target }, start: StartApp): void {
  let app: Running;
  let a: string, b: string, suspended: string;
  let bNote: string, bNotebook: string;
  const as = (tenant: string, extra: Record<string, string> = {}) => ({ 'x-tenant-id': tenant, ...extra });
  const notesCount = () => withoutTenantScope(() => countRows(db().dataSource, 'notes'));
  const raw = <T>(sql: string): Promise<T> => withoutTenantScope(() => db().dataSource.query(sql));
  // Every response, with the tenant it was asked as: the last case searches them for the other tenant.
  const responses: Array<{ asked: string; text: string }> = [];
  const call: typeof rawCall = async (url, init) => {
    const r = await rawCall(url, init);
    responses.push({ asked: String(init?.headers?.['x-tenant-id'] ?? '').toLowerCase(), text: r.text });
    return r;
  };

  beforeAll(async () => {
    const ds = db().dataSource;
    [a, b, suspended] = await seedTenants(ds, 'http-a', 'http-b', 'http-s');
    await withoutTenantScope(() => ds.getRepository(Tenant).update({ id: suspended }, { status: 'suspended' }));
    await withTenant(a, () => ds.getRepository(Note).insert([{ title: 'a1' }, { title: 'a2' }]));
    bNote = await withTenant(b, async () => (await ds.getRepository(Note).save({ title: 'b1' })).id);
    bNotebook = await withTenant(b, async () => (await ds.getRepository(Notebook).save({ title: 'nb' })).id);
    app = await start(ds);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('each tenant sees only its own rows', async () => {
    const [ra, rb] = await Promise.all([call(`${app.url}/notes`, { headers: as(a) }), call(`${app.url}/notes`, { headers: as(b.toUpperCase()) })]);
    expect([ra.status, ra.body.map((n: Note) => [n.title, n.tenantId])]).toEqual([200, [['a1', a], ['a2', a]]]);
    expect([rb.status, rb.body.map((n: Note) => [n.title, n.tenantId])]).toEqual([200, [['b1', b]]]);
  });

  it('a missing or malformed tenant is 400 with a body that says what to send; the refused writes wrote nothing', async () => {
    const before = await notesCount();
    const missing = await call(`${app.url}/notes`);
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'TENANT_UNRESOLVED', message: expect.stringContaining('x-tenant-id header') } } });
    const malformed = await call(`${app.url}/notes`, { headers: as('acme') });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'TENANT_ID_INVALID', message: expect.stringMatching(/"acme".*UUID/) } } });
    const writes = await Promise.all([
      call(`${app.url}/notes`, { method: 'POST', body: { title: 'refused' } }),
      call(`${app.url}/notes`, { method: 'POST', headers: as('acme'), body: { title: 'refused' } }),
      call(`${app.url}/notes`, { method: 'POST', headers: as(`${a} `.repeat(3)), body: { title: 'refused' } }),
      call(`${app.url}/notes`, { method: 'POST', headers: as(a, { 'x-user-id': 'bob' }), body: { title: 'refused' } }),
    ]);
    expect(writes.map((w) => [w.status, w.body.error.code])).toEqual([[400, 'TENANT_UNRESOLVED'], [400, 'TENANT_ID_INVALID'], [400, 'TENANT_ID_INVALID'], [400, 'ACTOR_ID_INVALID']]);
    expect(Object.keys(missing.body)).toEqual(['error']);
    expect(Object.keys(missing.body.error).sort()).toEqual(['code', 'message']);
    expect(await notesCount()).toBe(before);
  });

  it('an unknown tenant is 404 and a suspended one 403 (with the tenant check); their writes wrote nothing', async () => {
    const before = await notesCount();
    const unknown = randomUUID();
    const results = await Promise.all([
      call(`${app.url}/notes`, { headers: as(unknown) }),
      call(`${app.url}/notes`, { method: 'POST', headers: as(unknown), body: { title: 'refused' } }),
      call(`${app.url}/notes`, { headers: as(suspended) }),
      call(`${app.url}/notes`, { method: 'POST', headers: as(suspended), body: { title: 'refused' } }),
    ]);
    expect(results.map((r) => [r.status, r.body.error.code])).toEqual([[404, 'TENANT_UNKNOWN'], [404, 'TENANT_UNKNOWN'], [403, 'TENANT_INACTIVE'], [403, 'TENANT_INACTIVE']]);
    expect(results[0].text).not.toContain(unknown);
    expect(await notesCount()).toBe(before);
  });

  it("another tenant's id is 404 (read and write) with a body naming no tenant; the row is unchanged", async () => {
    const read = await call(`${app.url}/notes/${bNote}`, { headers: as(a) });
    const write = await call(`${app.url}/notes/${bNote}`, { method: 'PATCH', headers: as(a), body: { title: 'stolen' } });
    expect([read.status, read.body]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'Not found.' } }]);
    expect([write.status, write.body]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'Not found.' } }]);
    const rows = await raw(`SELECT title FROM notes WHERE title = 'stolen'`);
    expect(rows).toEqual([]);
    for (const r of [read, write]) expect(r.text).not.toContain(b);
  });

  it("a parent of another tenant is 422 REFERENCE_NOT_FOUND with a body naming no tenant or SQL; nothing written", async () => {
    const before = await notesCount();
    const r = await call(`${app.url}/notes`, { method: 'POST', headers: as(a), body: { title: 'child', notebookId: bNotebook } });
    expect([r.status, r.body.error.code]).toEqual([422, 'REFERENCE_NOT_FOUND']);
    expect(r.text).not.toContain(b);
    expect(r.text).not.toMatch(/insert|select|tenant_id|constraint/i);
    expect(await notesCount()).toBe(before);
  });

  it('invalid input: entity validation 422, a non-UUID path id 400 (PostgreSQL) or not found (MySQL family), malformed JSON 400; never a 500 or SQL', async () => {
    const invalid = await call(`${app.url}/notes`, { method: 'POST', headers: as(a), body: { title: '' } });
    expect([invalid.status, invalid.body.error.code]).toEqual([422, 'ENTITY_INVALID']);
    const badId = await call(`${app.url}/notes/not-a-uuid`, { headers: as(a) });
    // PostgreSQL refuses the text as a uuid (22P02 → 400); MySQL/MariaDB compare it and find nothing (→ the route's 404).
    const expected = db().target.family === 'postgres' ? [400, 'INVALID_INPUT'] : [404, 'NOT_FOUND'];
    expect([db().target.name, badId.status, badId.body.error.code]).toEqual([db().target.name, ...expected]);
    expect(badId.text).not.toMatch(/select|where|tenant_id/i);
    const json = await call(`${app.url}/notes`, { method: 'POST', headers: as(a), body: '{"title": ' });
    expect(json.status).toBe(400);
  });

  it('the actor is written to created_by; a write as the tenant is stamped with it', async () => {
    const actor = randomUUID();
    const r = await call(`${app.url}/notes`, { method: 'POST', headers: as(a, { 'x-user-id': actor }), body: { title: 'by actor' } });
    expect([r.status, r.body]).toEqual([201, { id: expect.any(String), tenantId: a, createdBy: actor }]);
  });

  it('50 interleaved concurrent requests of two tenants (reads after timers and I/O, and writes) never see or write each other', async () => {
    const before = await notesCount();
    const actors = [randomUUID(), randomUUID()];
    const requests = Array.from({ length: 50 }, (_, i) => {
      const tenant = i % 2 ? b : a;
      const headers = as(tenant, { 'x-user-id': actors[i % 2] });
      if (i % 5 === 4) return call(`${app.url}/notes`, { method: 'POST', headers, body: { title: `c-${i}` } }).then((r) => ({ i, tenant, r }));
      return call(`${app.url}/slow/${(i * 7) % 25}`, { headers }).then((r) => ({ i, tenant, r }));
    });
    const results = await Promise.all(requests);
    const wrong = results.filter(({ i, tenant, r }) =>
      i % 5 === 4
        ? r.status !== 201 || r.body.tenantId !== tenant || r.body.createdBy !== actors[i % 2]
        : r.status !== 200 || r.body.before !== tenant || r.body.after !== tenant || r.body.actor !== actors[i % 2] || r.body.tenants.some((t: string) => t !== tenant),
    );
    expect(wrong).toEqual([]);
    const rows = await raw<Array<{ title: string; tenant_id: string }>>(`SELECT title, tenant_id FROM notes WHERE title LIKE 'c-%'`);
    expect(rows.filter((row) => String(row.tenant_id).toLowerCase() !== (Number(row.title.slice(2)) % 2 ? b : a))).toEqual([]);
    expect(await notesCount()).toBe(before + 10);
  });

  it("no response above, error or not, to one tenant holds the other tenant's id or its rows' ids", () => {
    const ofA = responses.filter((r) => r.asked === a);
    const ofB = responses.filter((r) => r.asked === b);
    expect([ofA.length > 30, ofB.length > 20]).toEqual([true, true]);
    expect(ofA.filter((r) => [b, bNote, bNotebook].some((id) => r.text.includes(id)))).toEqual([]);
    expect(ofB.filter((r) => r.text.includes(a))).toEqual([]);
  });
}
