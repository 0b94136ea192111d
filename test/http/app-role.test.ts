import express from 'express';
import { activeTenantCheck, tenantMiddleware, tenancyErrorHandler } from '../../src/express';
import { describeEachAppRole } from '../support/app-role';
import { seedTenants } from '../support/tenants';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { listen, startExpress } from './express-app';
import { call } from './http-app';
import { startFastify } from './fastify-app';
import { httpScenarios } from './http-scenarios';

/**
 * The same end-to-end cases with the application connected as the application role behind
 * PostgreSQL row-level security (not owner, no BYPASSRLS; the system key registered, so the tenant
 * check's `withoutTenantScope` lookup of `tenants` passes the policy). Proves the integrations hold
 * with the database wall on, not only as a superuser that bypasses it.
 */
for (const [name, start] of [['express', startExpress], ['fastify', startFastify]] as const) {
  describeEachAppRole(`typeorm-tenancy/${name} over HTTP`, { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: false }, (db) => {
    httpScenarios(() => ({ dataSource: db().app, target: db().target }), start);
  });
}

describeEachAppRole('the tenant check without a system key', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: false }, (db, variant) => {
  // A second application-role DataSource: PGlite serves one session, so the server only.
  (variant.target.name === 'postgres' ? it : it.skip)('fails closed: the request is refused before the handler, nothing is served', async () => {
    const [t] = await seedTenants(db().app, 'keyless');
    const keyless = await db().open({ tenancy: { rowLevelSecurity: true } });
    const app = express();
    let reached = false;
    app.use(tenantMiddleware({ check: activeTenantCheck(keyless) }));
    app.get('/', (_req, res) => { reached = true; res.json({}); });
    app.use(tenancyErrorHandler());
    const running = await listen(app);
    try {
      const r = await call(`${running.url}/`, { headers: { 'x-tenant-id': t } });
      // The tenant check reads the tenants row under withoutTenantScope; without a key that is refused
      // with SYSTEM_ACCESS_UNAVAILABLE (a deployment fault: 500), never a misleading 404.
      expect([r.status, r.body.error.code]).toEqual([500, 'INTERNAL_ERROR']);
      expect(reached).toBe(false);
    } finally {
      await running.close();
      await keyless.destroy();
    }
  });
});

