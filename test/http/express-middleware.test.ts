import { once } from 'node:events';
import express from 'express';
import type { DataSource } from 'typeorm';
import { activeTenantCheck, fromHeader, fromPathParam, fromSubdomain, tenancyErrorHandler, tenantIdBySlug, tenantMiddleware } from '../../src/express';
import { currentTenantId } from '../../src/tenancy/current-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { baseUrl, call, getWithHost, noteHandlers } from './http-app';
import { httpScenarios, type Running } from './http-scenarios';

async function listen(app: express.Express): Promise<Running> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: baseUrl(server), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The scenarios' app on Express 5: async handlers return promises (Express 5 forwards their rejections). */
async function startExpress(dataSource: DataSource): Promise<Running> {
  const h = noteHandlers(dataSource);
  const app = express();
  app.use(express.json());
  app.use(tenantMiddleware({ resolve: fromHeader(), check: activeTenantCheck(dataSource), actor: (req) => req.header('x-user-id') }));
  const send = (res: express.Response, [status, body]: readonly [number, unknown]) => void res.status(status).json(body);
  app.get('/notes', async (_req, res) => send(res, await h.list()));
  app.get('/notes/:id', async (req, res) => send(res, await h.get(req.params.id)));
  app.post('/notes', async (req, res) => send(res, await h.create(req.body)));
  app.patch('/notes/:id', async (req, res) => send(res, await h.rename(req.params.id, req.body)));
  app.get('/slow/:ms', async (req, res) => send(res, await h.slow(Number(req.params.ms))));
  app.use(tenancyErrorHandler());
  return listen(app);
}

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
