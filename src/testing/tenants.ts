import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Tenant } from '../entities/tenant.entity';
import { withoutTenantScope, withTenant, type TenantRunOptions } from '../tenancy/with-tenant';

/**
 * Options of {@link createTenant}.
 *
 * @example
 * await createTenant(dataSource, { slug: 'acme', name: 'Acme' });
 */
export interface CreateTenantOptions {
  /** Default `t-<random hex>` (unique per call). */
  slug?: string;
  /** Default the slug in upper case. */
  name?: string;
}

/**
 * Creates a tenant row (system work: inside `withoutTenantScope`) and returns it, id included.
 * On PostgreSQL as an application role this needs the system key (`rowLevelSecurity.systemKey`);
 * tests usually connect as the owner.
 *
 * @throws EntityValidationError (`ENTITY_INVALID`) for a slug the `Tenant` entity refuses; a unique
 *   violation for a slug already taken.
 * @example
 * const acme = await createTenant(db.dataSource, { slug: 'acme' });
 * await asTenant(acme, () => notes.insert({ title: 'x' }));
 */
export async function createTenant(dataSource: DataSource, options: CreateTenantOptions = {}): Promise<Tenant> {
  const slug = options.slug ?? `t-${randomBytes(5).toString('hex')}`;
  const repository = dataSource.getRepository(Tenant);
  return withoutTenantScope(() => repository.save(repository.create({ slug, name: options.name ?? slug.toUpperCase() })));
}

/**
 * Runs `fn` as a tenant: `withTenant(tenant.id ?? tenant, fn, options)`, always returning a promise.
 * Accepts the `Tenant` that `createTenant` returned or its id.
 *
 * @throws InvalidTenantIdError (`TENANT_ID_INVALID`, as a rejection) when the id is not a UUID.
 * @example
 * const rows = await asTenant(acme, () => notes.find());
 * expectOnlyTenant(rows, acme);
 */
export async function asTenant<T>(tenant: string | { readonly id: string }, fn: () => T | Promise<T>, options: TenantRunOptions = {}): Promise<T> {
  const id = typeof tenant === 'string' ? tenant : tenant?.id;
  return withTenant(id, fn, options);
}
