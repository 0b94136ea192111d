/**
 * The parts of an HTTP request the tenant resolvers read. Express's `Request` and Fastify's
 * `FastifyRequest` both fit: `headers` as Node gives them (lowercase names), `hostname` without
 * the port (as both frameworks compute it; behind a proxy, configure their `trust proxy`),
 * `params` the route's path parameters.
 *
 * @example
 * const tenant = await resolution(req satisfies TenantRequest);
 */
export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly hostname?: string;
  readonly params?: unknown;
}

/**
 * Finds the tenant id in a request: a string (checked as a UUID afterwards), or `undefined` when
 * this resolver finds none (the next resolver is asked). May be async, e.g. to look a slug up.
 * Any function of this shape is a resolver: read a claim of a JWT your auth layer already verified.
 *
 * @example
 * const fromClaim: TenantResolver<Request & { auth?: { tid: string } }> = (req) => req.auth?.tid;
 */
export type TenantResolver<R extends TenantRequest = TenantRequest> = ((request: R) => string | undefined | Promise<string | undefined>) & {
  /** Where it looks, for the 400 message (e.g. `the x-tenant-id header`). */
  readonly source?: string;
};
