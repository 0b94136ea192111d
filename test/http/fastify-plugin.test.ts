import { request as httpRequest } from 'node:http';
import Fastify from 'fastify';
import { fromPathParam, fromSubdomain, tenancyErrorHandler, tenancyPlugin, tenantIdBySlug } from '../../src/fastify';
import { currentTenantId } from '../../src/tenancy/current-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { listen, startFastify } from './fastify-app';
import { call, getWithHost } from './http-app';
import { httpScenarios } from './http-scenarios';

describeEachDatabase('typeorm-tenancy/fastify over HTTP', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  httpScenarios(db, startFastify);

  it('path parameter and subdomain resolvers (slug lookup) put the request in its tenant', async () => {
    const ds = db().dataSource;
    const [t] = await seedTenants(ds, 'sub-acme');
    const byPath = Fastify();
    await byPath.register(tenancyPlugin, { resolve: [fromPathParam(), fromSubdomain({ baseDomain: 'example.test', toTenantId: tenantIdBySlug(ds) })] });
    byPath.setErrorHandler(tenancyErrorHandler());
    byPath.get('/t/:tenantId/anything', async () => ({ tenant: currentTenantId() ?? null }));
    byPath.get('/who', async () => ({ tenant: currentTenantId() ?? null }));
    const running = await listen(byPath);
    try {
      expect(await call(`${running.url}/t/${t}/anything`)).toMatchObject({ status: 200, body: { tenant: t } });
      expect(await call(`${running.url}/t/nope/anything`)).toMatchObject({ status: 400, body: { error: { code: 'TENANT_ID_INVALID' } } });
      expect(await getWithHost(`${running.url}/who`, 'sub-acme.example.test')).toMatchObject({ status: 200, body: { tenant: t } });
      const unknown = await getWithHost(`${running.url}/who`, 'nobody.example.test:8080');
      expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'TENANT_UNRESOLVED', message: expect.stringContaining('a subdomain of example.test') } } });
    } finally {
      await running.close();
    }
  });
});

/** POST whose body arrives 150 ms after the headers (a slow client): the body is read from later socket events. */
function postSlowly(url: string, headers: Record<string, string>): Promise<{ tenant: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => req.end(JSON.stringify({ x: 1 })), 150);
  });
}

describe('the plugin keeps the tenant through a body that arrives after the headers', () => {
  it('20 concurrent slowly sent POST bodies of two tenants each run as their own tenant', async () => {
    const tenants = ['0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192', '0190a6a4-8c1e-7b3a-9f2d-4c5e6f70ffff'];
    const plugin = Fastify();
    await plugin.register(tenancyPlugin, {});
    plugin.post('/', async () => ({ tenant: currentTenantId() ?? null }));
    const p = await listen(plugin);
    try {
      const kept = await Promise.all(Array.from({ length: 20 }, (_, i) => postSlowly(p.url, { 'x-tenant-id': tenants[i % 2] })));
      expect(kept.map((k) => k.tenant)).toEqual(Array.from({ length: 20 }, (_, i) => tenants[i % 2]));
    } finally {
      await p.close();
    }
  });

  it('covers routes of encapsulated child plugins, and preHandler hooks registered after it run as the tenant; config { tenancy: false } opts a route out', async () => {
    const tenant = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
    const app = Fastify();
    app.setErrorHandler(tenancyErrorHandler());
    await app.register(tenancyPlugin, {});
    await app.register(async (child) => {
      child.addHook('preHandler', async (request) => {
        (request as unknown as { seen: unknown }).seen = currentTenantId() ?? null;
      });
      child.get('/child', async (request) => ({ hook: (request as unknown as { seen: unknown }).seen, handler: currentTenantId() ?? null }));
    });
    app.get('/healthz', { config: { tenancy: false } }, async () => ({ tenant: currentTenantId() ?? null }));
    const running = await listen(app);
    try {
      expect(await call(`${running.url}/child`, { headers: { 'x-tenant-id': tenant } })).toMatchObject({ status: 200, body: { hook: tenant, handler: tenant } });
      expect(await call(`${running.url}/child`)).toMatchObject({ status: 400, body: { error: { code: 'TENANT_UNRESOLVED' } } });
      expect(await call(`${running.url}/healthz`)).toMatchObject({ status: 200, body: { tenant: null } }); // config: { tenancy: false }
    } finally {
      await running.close();
    }
  });
});
