import { describeEachAppRole } from '../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { startExpress } from './express-app';
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
