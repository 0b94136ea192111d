import type { DataSource } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { Note } from './fixtures';

/** Creates tenants (as system work) and returns their ids in order. */
export async function seedTenants(dataSource: DataSource, ...slugs: string[]): Promise<string[]> {
  const saved = await withoutTenantScope(() =>
    dataSource.getRepository(Tenant).save(slugs.map((slug) => ({ name: slug.toUpperCase(), slug }))),
  );
  return saved.map((t) => t.id);
}

/** Creates tenants (see {@link seedTenants}) and gives each one note per title; returns their ids in order. */
export async function seedTenantNotes(dataSource: DataSource, slugs: string[], titles: string[] = ['x']): Promise<string[]> {
  const tenants = await seedTenants(dataSource, ...slugs);
  for (const tenant of tenants) await withTenant(tenant, () => dataSource.getRepository(Note).insert(titles.map((title) => ({ title }))));
  return tenants;
}

/** The distinct tenant ids of rows (raw SQL results), sorted: what a read actually saw. */
export function tenantsOf(rows: ReadonlyArray<{ tenant_id: string }>): string[] {
  return [...new Set(rows.map((r) => r.tenant_id))].sort();
}

/** Row count of a table straight from the database, bypassing every layer of the library. */
export async function countRows(dataSource: DataSource, table: string, where = '1=1'): Promise<number> {
  const rows = await dataSource.query(`SELECT COUNT(*) AS n FROM ${dataSource.driver.escape(table)} WHERE ${where}`);
  return Number(rows[0].n);
}

/** Runs `fn`, expects it to reject with `type`/`code`, and proves `table` kept its row count. */
export async function expectRefused(
  dataSource: DataSource,
  table: string,
  fn: () => Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  code: string,
): Promise<Error> {
  const before = await countRows(dataSource, table);
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error & { code?: string }).code).toBe(code);
  expect(await countRows(dataSource, table)).toBe(before);
  return error as Error;
}
