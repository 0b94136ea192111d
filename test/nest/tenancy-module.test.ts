import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, seedTenants } from '../support/tenants';
import { withTenant } from '../../src/tenancy/with-tenant';
import { startNestApp, type NestTestApp } from './nest-app';

type Json = Record<string, unknown>;

/**
 * A real Nest app (TypeOrmModule + tenancyDataSourceFactory + TenancyModule) on each database,
 * over HTTP on 127.0.0.1: every request runs as the tenant of its header, refusals write nothing.
 */
describeEachDatabase('TenancyModule over HTTP', { entities: [Notebook, Note], migrations: [CreateTestTables1800000000000] }, (db, target) => {
  let server: NestTestApp;
  let a: string, b: string, c: string;
  let bNote: string;
  const user = uuidv7();

  const call = async (path: string, tenant?: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(init.headers ?? {}) };
    if (tenant !== undefined) headers['x-tenant-id'] = tenant;
    const response = await fetch(`${server.url}${path}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as Json & Json[] };
  };

  beforeAll(async () => {
    [a, b, c] = await seedTenants(db().dataSource, 'nest-a', 'nest-b', 'nest-c');
    const notes = db().dataSource.getRepository(Note);
    await withTenant(a, () => notes.insert([{ title: 'a1' }, { title: 'a2' }]));
    bNote = (await withTenant(b, () => notes.save(notes.create({ title: 'b1' })))).id;
    await withTenant(c, () => notes.insert([{ title: 'c1' }]));
    server = await startNestApp(db());
  });
  afterAll(async () => server?.close());

  it('each tenant reads only its rows; the service sees the request tenant', async () => {
    const [ra, rb] = await Promise.all([call('/notes', a), call('/notes', b)]);
    expect([ra.status, ra.body]).toEqual([200, [{ title: 'a1', tenantId: a, seenAs: a }, { title: 'a2', tenantId: a, seenAs: a }]]);
    expect([rb.status, rb.body]).toEqual([200, [{ title: 'b1', tenantId: b, seenAs: b }]]);
  });

  it('guard, async handler, awaited service and timers all run as the tenant; the actor comes from x-user-id', async () => {
    const r = await call('/whoami', c, { headers: { 'x-user-id': user } });
    expect([r.status, r.body]).toEqual([200, { guard: c, atStart: c, inService: c, afterTimer: c, actor: user }]);
  });

  it('missing or malformed tenant: 400 with a useful body, nothing written', async () => {
    const before = await countRows(db().dataSource, 'notes');
    const missing = await call('/notes', undefined, { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect([missing.status, missing.body]).toEqual([400, { statusCode: 400, code: 'TENANT_UNRESOLVED', message: expect.stringContaining('x-tenant-id header') }]);
    const malformed = await call('/notes', 'acme', { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect([malformed.status, malformed.body]).toEqual([400, { statusCode: 400, code: 'TENANT_ID_INVALID', message: expect.stringContaining('"acme"') }]);
    const badActor = await call('/notes', a, { method: 'POST', body: JSON.stringify({ title: 'x' }), headers: { 'x-user-id': 'root' } });
    expect([badActor.status, badActor.body.code]).toEqual([400, 'ACTOR_ID_INVALID']);
    expect(await countRows(db().dataSource, 'notes')).toBe(before);
  });

  it('an excluded route runs without a tenant', async () => {
    expect(await call('/health')).toEqual(expect.objectContaining({ status: 200, body: { ok: true, tenant: null } }));
  });

  it("another tenant's id is a 404 exactly like an unknown id; a write to it changes nothing and the body names no id", async () => {
    const cross = await call(`/notes/${bNote}`, a);
    const unknown = await call(`/notes/${uuidv7()}`, a);
    expect([cross.status, cross.body]).toEqual([404, unknown.body]);
    const before = await countRows(db().dataSource, 'notes', "title = 'b1'");
    const patch = await call(`/notes/${bNote}`, a, { method: 'PATCH', body: JSON.stringify({ title: 'stolen' }) });
    expect([patch.status, patch.body]).toEqual([404, unknown.body]);
    expect(await countRows(db().dataSource, 'notes', "title = 'b1'")).toBe(before);
  });

  it('TENANT_MISMATCH (a body naming another tenant) is a plain 404 with no ids; nothing written', async () => {
    const before = await countRows(db().dataSource, 'notes');
    const r = await call('/notes', a, { method: 'POST', body: JSON.stringify({ title: 'planted', tenantId: b }) });
    expect([r.status, r.body]).toEqual([404, { statusCode: 404, message: 'Not Found' }]);
    for (const id of [a, b, bNote]) expect(r.text).not.toContain(id);
    expect(await countRows(db().dataSource, 'notes')).toBe(before);
  });

  it('ENTITY_INVALID is 422 with the failures; a duplicate key is 409 without the driver detail; a non-UUID id in SQL is 400 or 404; anything else a generic 500', async () => {
    const before = await countRows(db().dataSource, 'notes');
    const invalid = await call('/notes', a, { method: 'POST', body: JSON.stringify({ title: '' }) });
    expect([invalid.status, invalid.body.code, invalid.body.failures]).toEqual([422, 'ENTITY_INVALID', [expect.objectContaining({ property: 'title' })]]);
    const own = (await call('/notes', a)).body;
    expect(own.length).toBeGreaterThan(0);
    const ids = await withTenant(a, () => db().dataSource.getRepository(Note).find());
    const dup = await call('/notes/insert', a, { method: 'POST', body: JSON.stringify({ id: ids[0].id, title: 'dup' }) });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ statusCode: 409, code: 'CONFLICT', message: expect.any(String) });
    expect(await countRows(db().dataSource, 'notes')).toBe(before);
    const raw = await call('/raw-notes/not-a-uuid', a);
    // PostgreSQL refuses the cast (22P02) → 400 INVALID_INPUT; MySQL compares strings → not found.
    expect([raw.status, raw.body.code]).toEqual(target.family === 'postgres' ? [400, 'INVALID_INPUT'] : [404, undefined]);
    const boom = await call('/boom', a);
    expect([boom.status, boom.body]).toEqual([500, { statusCode: 500, message: 'Internal server error' }]);
  });

  it('60 interleaved requests of three tenants never mix (handlers pause at random points)', async () => {
    const tenants = [a, b, c];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const tenant = tenants[i % 3];
        return call(`/notes?delay=${(i * 7) % 13}`, tenant).then((r) => ({ tenant, r }));
      }),
    );
    const mixed = results.filter(({ tenant, r }) => r.status !== 200 || r.body.length === 0 || r.body.some((row) => row.tenantId !== tenant || row.seenAs !== tenant));
    expect(mixed).toEqual([]);
  });
});
