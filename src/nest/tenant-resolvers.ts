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
 * as Node lowercases header names). A header sent twice is refused as malformed, not guessed at.
 *
 * @example
 * TenancyModule.forRoot({ resolveTenant: headerTenantResolver('x-tenant-id') });
 */
export function headerTenantResolver(header = 'x-tenant-id'): TenantResolver & { readonly header: string } {
  const name = header.toLowerCase();
  const resolve = (request: TenantRequest) => {
    const value = request.headers[name];
    // An array reaches parseTenantId, which refuses it (TENANT_ID_INVALID): never pick one of two.
    return value as string | undefined;
  };
  return Object.assign(resolve, { header: name });
}
