import { cachedLookup, fromHeader, fromPathParam, fromSubdomain, resolveRequestTenant, TtlCache } from '../../src/http';
import { TenancyError } from '../../src/errors';

const A = '0190A6A4-8C1E-7B3A-9F2D-4C5E6F708192';
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof TenancyError ? e.code : String(e)));

describe('tenant resolvers and the resolution step', () => {
  it('header (default x-tenant-id), subdomain and path parameter find the id; the first resolver with a value wins; ids are lowercased', async () => {
    expect(await fromHeader()({ headers: { 'x-tenant-id': ` ${A} ` } })).toBe(A);
    expect(await fromHeader('X-Tenant')({ headers: { 'x-tenant': '' } })).toBeUndefined();
    const sub = fromSubdomain({ baseDomain: 'example.com' });
    expect([await sub({ headers: {}, hostname: `${A.toLowerCase()}.example.com` }), await sub({ headers: { host: 'a.b.example.com:80' } }), await sub({ headers: { host: 'example.com' } })]).toEqual([A.toLowerCase(), undefined, undefined]);
    expect(await fromPathParam('t')({ headers: {}, params: { t: A } })).toBe(A);
    const resolution = resolveRequestTenant({ resolve: [fromPathParam(), fromHeader()], actor: () => A });
    expect(await resolution({ headers: { 'x-tenant-id': A }, params: {} })).toEqual({ tenantId: A.toLowerCase(), actorId: A.toLowerCase() });
  });

  it('refusals are typed: unresolved (naming every source), invalid (a long value is cut), invalid actor; the check runs before the actor', async () => {
    const resolution = resolveRequestTenant({ resolve: [fromHeader(), fromSubdomain({ baseDomain: 'x.test' })] });
    const unresolved = await resolution({ headers: {} }).catch((e: Error) => e);
    expect(unresolved).toMatchObject({ code: 'TENANT_UNRESOLVED', message: expect.stringContaining('the x-tenant-id header or a subdomain of x.test') });
    const long = await resolution({ headers: { 'x-tenant-id': 'x'.repeat(5000) } }).catch((e: Error) => e);
    expect([(long as TenancyError).code, (long as Error).message.length < 300]).toEqual(['TENANT_ID_INVALID', true]);
    let actorAsked = false;
    const checked = resolveRequestTenant({ check: async () => { throw new Error('refused'); }, actor: () => { actorAsked = true; return A; } });
    expect([await code(checked({ headers: { 'x-tenant-id': A } })), actorAsked]).toEqual(['Error: refused', false]);
    expect(await code(resolveRequestTenant({ actor: () => 'bob' })({ headers: { 'x-tenant-id': A } }))).toBe('ACTOR_ID_INVALID');
    expect(() => resolveRequestTenant({ resolve: [] })).toThrow(TypeError);
  });
});

describe('the tenant cache', () => {
  it('TtlCache expires entries and keeps at most maxEntries (oldest out first)', () => {
    let now = 0;
    const cache = new TtlCache<number>(2, () => now);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    cache.set('c', 3, 100);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 2, 3, 2]);
    now = 100;
    expect(cache.get('b')).toBeUndefined();
  });

  it('cachedLookup shares one load among concurrent calls, caches misses shorter, never caches failures, and clear() forgets', async () => {
    let now = 0;
    const loads: string[] = [];
    let fail = false;
    const lookup = cachedLookup(async (key) => {
      loads.push(key);
      if (fail) throw new Error('down');
      return key === 'none' ? undefined : `id-${key}`;
    }, { ttlMs: 1000, missTtlMs: 10, now: () => now });
    expect(await Promise.all([lookup('a'), lookup('a'), lookup('none')])).toEqual(['id-a', 'id-a', undefined]);
    expect(loads).toEqual(['a', 'none']);
    now = 20;
    await lookup('a');
    await lookup('none');
    expect(loads).toEqual(['a', 'none', 'none']);
    fail = true;
    lookup.clear('a');
    await expect(lookup('a')).rejects.toThrow('down');
    fail = false;
    expect(await lookup('a')).toBe('id-a');
    expect(loads.filter((k) => k === 'a')).toHaveLength(3);
  });
});
