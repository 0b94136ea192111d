import { fromHeader } from '../http/tenant-resolvers';
/**
 * The part of an HTTP request a resolver may read (an Express or Node `IncomingMessage` fits).
 *
 * @example
 * const tenantHeader = (req: TenantRequest) => req.headers['x-tenant-id'];
 */
export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Finds the tenant id of a request: a string (checked with `parseTenantId`: a UUID, else 400),
 * or `undefined`/`null`/`''` when the request names none (400 `TENANT_UNRESOLVED`). May be async (look
 * a slug up, read a verified JWT claim); a throw refuses the request with that error. Resolvers
 * never validate the id against the database: that the tenant exists is yours to check here.
 *
 * @example
 * const fromJwt: TenantResolver<Request & { user?: { tenantId: string } }> = (req) => req.user?.tenantId;
 */
export type TenantResolver<R = TenantRequest> = (request: R) => string | null | undefined | Promise<string | null | undefined>;

/**
 * Finds the acting user's id (a UUID) of a request, or `undefined` for none. Same rules as
 * {@link TenantResolver}; an id that is not a UUID refuses the request (400 `ACTOR_ID_INVALID`).
 *
 * @example
 * const actor: ActorResolver<Request & { user?: { id: string } }> = (req) => req.user?.id;
 */
export type ActorResolver<R = TenantRequest> = TenantResolver<R>;

/**
 * Reads the tenant id from one request header (default `x-tenant-id`, matched case-insensitively
 * as Node lowercases header names), by the shared `fromHeader` of the HTTP integrations. A header sent
 * twice is refused as malformed (its values joined are no UUID), not guessed at.
 *
 * @example
 * TenancyModule.forRoot({ resolveTenant: headerTenantResolver('x-tenant-id') });
 */
export function headerTenantResolver(header = 'x-tenant-id'): TenantResolver & { readonly header: string; readonly source?: string } {
  // The shared header resolver of the HTTP integrations (src/http): the same rules as Express and Fastify.
  const resolve = fromHeader(header);
  return Object.assign((request: TenantRequest) => resolve(request), { header: header.toLowerCase(), source: resolve.source });
}
