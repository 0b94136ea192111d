import { InvalidActorIdError, InvalidTenantIdError, TenantUnresolvedError } from '../errors';
import { withTenant } from '../tenancy/with-tenant';
import { isUuid } from '../uuid/is-uuid-v7';
import type { TenantCheck } from './tenant-check';
import type { TenantRequest, TenantResolver } from './tenant-request';
import { fromHeader } from './tenant-resolvers';

/**
 * How the HTTP integrations find a request's tenant and actor (`tenantMiddleware`, the Fastify
 * plugin). Order: `resolve` (first resolver that finds a value wins) → UUID check → `check` →
 * `actor`. Any refusal happens before your handler runs, so a refused request reads and writes nothing.
 *
 * @example
 * const options: TenantResolutionOptions<Request> = {
 *   resolve: [fromHeader(), fromSubdomain({ baseDomain: 'example.com', toTenantId: tenantIdBySlug(ds) })],
 *   check: activeTenantCheck(ds),
 *   actor: (req) => req.header('x-user-id'),
 * };
 */
export interface TenantResolutionOptions<R extends TenantRequest = TenantRequest> {
  /** Where the tenant id comes from. Default `fromHeader('x-tenant-id')`. */
  resolve?: TenantResolver<R> | ReadonlyArray<TenantResolver<R>>;
  /** Optional existence/status check, e.g. `activeTenantCheck(dataSource)`. Default: none. */
  check?: TenantCheck;
  /** The acting user's id (a UUID) for `created_by`/`updated_by`, e.g. from your verified session. */
  actor?: (request: R, tenantId: string) => string | undefined | Promise<string | undefined>;
  /**
   * Requests that need no tenant (health checks, CORS preflight): they run with no tenant context,
   * so a tenant-aware query there still fails closed (`TENANT_MISSING`, a 500). Default: none.
   */
  skip?: (request: R) => boolean;
}

/**
 * What {@link resolveRequestTenant} found: a lowercase tenant id and the actor, if any.
 *
 * @example
 * const { tenantId, actorId }: RequestTenant = await resolution(req);
 */
export interface RequestTenant {
  readonly tenantId: string;
  readonly actorId?: string;
}

const MAX_SHOWN = 80; // a header can be kilobytes long; the 400 message quotes a prefix only
const shown = (raw: unknown): unknown => (typeof raw === 'string' && raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw);

/**
 * Builds the framework-neutral resolution step: `(request) => Promise<RequestTenant>`.
 *
 * @throws TenantUnresolvedError (`TENANT_UNRESOLVED`), InvalidTenantIdError (`TENANT_ID_INVALID`),
 *   InvalidActorIdError (`ACTOR_ID_INVALID`), or what `check` throws — as rejections.
 * @example
 * const resolution = resolveRequestTenant({ resolve: fromHeader() });
 * const { tenantId } = await resolution({ headers: { 'x-tenant-id': id } });
 */
export function resolveRequestTenant<R extends TenantRequest>(options: TenantResolutionOptions<R> = {}): (request: R) => Promise<RequestTenant> {
  const resolvers = ([] as Array<TenantResolver<R>>).concat((options.resolve ?? fromHeader()) as TenantResolver<R> | Array<TenantResolver<R>>);
  if (resolvers.length === 0 || resolvers.some((r) => typeof r !== 'function')) throw new TypeError('resolve: give a resolver function or a non-empty array of them.');
  const sources = resolvers.map((r) => r.source ?? 'the place the server expects').filter((s, i, all) => all.indexOf(s) === i);
  return async (request) => {
    let raw: string | undefined;
    for (const resolver of resolvers) {
      raw = await resolver(request);
      if (raw !== undefined) break;
    }
    if (raw === undefined) throw new TenantUnresolvedError(sources);
    if (!isUuid(raw)) throw new InvalidTenantIdError(shown(raw));
    const tenantId = raw.toLowerCase();
    await options.check?.(tenantId);
    const actorId = await options.actor?.(request, tenantId);
    if (actorId !== undefined && !isUuid(actorId)) throw new InvalidActorIdError(actorId);
    return { tenantId, actorId: actorId?.toLowerCase() };
  };
}

/**
 * Runs `fn` inside `withTenant(tenant.tenantId, fn, { actorId })`; what the integrations call with
 * their `next`/`done`, so everything after it (async handlers included) runs as the tenant.
 *
 * @example
 * resolution(req).then((tenant) => enterRequestTenant(tenant, next), next);
 */
export function enterRequestTenant<T>(tenant: RequestTenant, fn: () => T): T {
  return withTenant(tenant.tenantId, fn, { actorId: tenant.actorId });
}
