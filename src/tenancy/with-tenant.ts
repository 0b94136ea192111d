import { InvalidTenantIdError } from '../errors';
import { isUuid } from '../uuid/is-uuid-v7';
import { contextStore } from './context-store';

/** Options of {@link withTenant} and {@link withoutTenantScope}. */
export interface TenantRunOptions {
  /**
   * The acting user's id, written to `created_by` / `updated_by`. When omitted, an inner
   * `withTenant` for the same tenant keeps the outer actor; for another tenant there is none.
   */
  actorId?: string;
}

/** Validates and normalises a tenant id (any RFC 9562 UUID, lowercased); throws otherwise. */
export function parseTenantId(value: unknown): string {
  if (!isUuid(value)) throw new InvalidTenantIdError(value);
  return value.toLowerCase();
}

function parseActorId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isUuid(value)) {
    throw new TypeError(`actorId ${JSON.stringify(value)} is not a UUID; pass the acting user's id (users.id).`);
  }
  return value.toLowerCase();
}

/**
 * Runs `fn` with `tenantId` as the current tenant and returns what `fn` returns (a promise stays a
 * promise). The tenant holds across every await, timer and event callback started inside `fn`.
 * Nesting: an inner `withTenant` overrides the outer one; the outer tenant is current again when the
 * inner call returns. A `withTenant` inside `withoutTenantScope` scopes that inner call again.
 *
 * @throws InvalidTenantIdError (`TENANT_ID_INVALID`) before `fn` runs when `tenantId` is not a UUID.
 * @example
 * app.use((req, res, next) => withTenant(req.auth.tenantId, next, { actorId: req.auth.userId }));
 * const talks = await withTenant(tenantId, () => sessions.find());
 */
export function withTenant<T>(tenantId: string, fn: () => T, options: TenantRunOptions = {}): T {
  const id = parseTenantId(tenantId);
  const outer = contextStore().get();
  const inherited = outer?.kind === 'tenant' && outer.tenantId === id ? outer.actorId : undefined;
  const actorId = parseActorId(options.actorId) ?? inherited;
  return contextStore().run({ kind: 'tenant', tenantId: id, actorId }, fn);
}

/**
 * Runs `fn` with tenant scoping lifted: reads see every tenant's rows and writes must name the
 * tenant explicitly (`tenantId` on each inserted row). The one escape hatch, for migrations, admin
 * tools and cross-tenant jobs; grep for it in review. A `withTenant` inside scopes again.
 *
 * @example
 * const all = await withoutTenantScope(() => tenants.find());
 */
export function withoutTenantScope<T>(fn: () => T, options: TenantRunOptions = {}): T {
  return contextStore().run({ kind: 'system', actorId: parseActorId(options.actorId) }, fn);
}
