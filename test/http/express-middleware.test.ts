import express from 'express';
import { fromPathParam, fromSubdomain, tenancyErrorHandler, tenantIdBySlug, tenantMiddleware } from '../../src/express';
import { currentTenantId } from '../../src/tenancy/current-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { listen, startExpress } from './express-app';
import { call, getWithHost } from './http-app';
import { httpScenarios } from './http-scenarios';

describeEachDatabase('typeorm-tenancy/express over HTTP', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  httpScenarios(db, startExpress);

  it('path parameter and subdomain resolvers (slug lookup) put the request in its tenant; skip() opts out; a route outside the middleware is a generic 500', async () => {
    const ds = db().dataSource;
    const [t] = await seedTenants(ds, 'sub-acme');
    const app = express();
    app.get('/unscoped', async (_req, res) => void res.json(await ds.getRepository(Note).find())); // not behind the middleware
    app.use('/t/:tenantId', tenantMiddleware({ resolve: fromPathParam() }), (_req, res) => void res.json({ tenant: currentTenantId() ?? null }));
    app.use(tenantMiddleware({ resolve: fromSubdomain({ baseDomain: 'example.test', toTenantId: tenantIdBySlug(ds) }), skip: (req) => req.path === '/healthz' }));
    app.get('/healthz', (_req, res) => void res.json({ tenant: currentTenantId() ?? null }));
    app.get('/who', (_req, res) => void res.json({ tenant: currentTenantId() ?? null }));
    app.use(tenancyErrorHandler());
    const running = await listen(app);
    try {
      expect(await call(`${running.url}/t/${t}/anything`)).toMatchObject({ status: 200, body: { tenant: t } });
      expect(await call(`${running.url}/healthz`)).toMatchObject({ status: 200, body: { tenant: null } }); // skip
      // A route outside the middleware that touches tenant data fails closed: a server fault, generic body.
      expect(await call(`${running.url}/unscoped`)).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' } } });
      expect(await call(`${running.url}/t/nope/anything`)).toMatchObject({ status: 400, body: { error: { code: 'TENANT_ID_INVALID' } } });
      expect(await getWithHost(`${running.url}/who`, 'sub-acme.example.test')).toMatchObject({ status: 200, body: { tenant: t } });
      const unknown = await getWithHost(`${running.url}/who`, 'nobody.example.test:8080');
      expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'TENANT_UNRESOLVED', message: expect.stringContaining('a subdomain of example.test') } } });
    } finally {
      await running.close();
    }
  });
});
