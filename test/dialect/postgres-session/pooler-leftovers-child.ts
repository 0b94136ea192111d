/**
 * The other process of pooler-leftovers.test.ts: an application that runs tenant requests (and
 * system work) through the pooler, then exits without closing its pool, the way a process ends.
 * Reads POOLER_CHILD (JSON: url, systemKey, tenants, requests) and prints one JSON line of outcomes.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Tenant } from '../../../src/entities/tenant.entity';
import { enableTenancy } from '../../../src/scopes/enable-tenancy';
import { withoutTenantScope, withTenant } from '../../../src/tenancy/with-tenant';
import { Note, Notebook } from '../../support/fixtures';
import { errorKinds } from '../../support/error-kinds';


async function main(): Promise<void> {
  const { url, systemKey, tenants, requests } = JSON.parse(process.env.POOLER_CHILD ?? '{}') as { url: string; systemKey: string; tenants: string[]; requests: number };
  const ds = new DataSource({ type: 'postgres', url, entities: [Tenant, Note, Notebook], extra: { max: 8 } });
  enableTenancy(ds, { rowLevelSecurity: { systemKey } });
  await ds.initialize();
  const outcomes = await Promise.allSettled(
    Array.from({ length: requests }, (_, i) => {
      const tenant = tenants[i % tenants.length];
      if (i % 5 === 4) return withoutTenantScope(() => ds.query('SELECT count(*) FROM notes'));
      if (i % 5 === 3) return withTenant(tenant, () => ds.getRepository(Note).insert({ title: `child ${i}` }));
      if (i % 5 === 2) return withTenant(tenant, () => ds.transaction((m) => m.getRepository(Note).find()));
      return withTenant(tenant, () => ds.query('SELECT tenant_id FROM notes'));
    }),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
  process.stdout.write(
    JSON.stringify({ ok: outcomes.length - failed.length, failed: failed.length, errors: errorKinds(failed.map((f) => f.reason)) }) + '\n',
    () => process.exit(0), // no ds.destroy(): the process just ends
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`, () => process.exit(1));
});
