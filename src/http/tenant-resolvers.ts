import type { TenantRequest, TenantResolver } from './tenant-request';

function named<R extends TenantRequest>(source: string, fn: (request: R) => string | undefined | Promise<string | undefined>): TenantResolver<R> {
  return Object.assign(fn, { source });
}

/**
 * Reads the tenant id from a request header (default `x-tenant-id`). An empty header counts as
 * missing; a repeated header (Node joins the values with `, `) is not a UUID and is refused.
 *
 * @example
 * tenantMiddleware({ resolve: fromHeader('x-tenant') });
 */
export function fromHeader(name = 'x-tenant-id'): TenantResolver {
  const header = name.toLowerCase();
  return named(`the ${header} header`, (request) => {
    const value = request.headers[header];
    const text = Array.isArray(value) ? value.join(', ') : value;
    return text === undefined || text.trim() === '' ? undefined : text.trim();
  });
}

/**
 * Options of {@link fromSubdomain}.
 *
 * @example
 * fromSubdomain({ baseDomain: 'example.com', toTenantId: tenantIdBySlug(dataSource) });
 */
export interface SubdomainOptions {
  /** The domain tenants are subdomains of: `acme.example.com` → `acme`. Hosts outside it resolve nothing. */
  baseDomain: string;
  /** Turns the label into a tenant id (e.g. {@link tenantIdBySlug}); default: the label is the id. */
  toTenantId?: (label: string) => string | undefined | Promise<string | undefined>;
}

/**
 * Reads the tenant from the host's first label under `baseDomain` (`req.hostname`, else the `Host`
 * header without port). Only one level: `a.b.example.com` resolves nothing.
 *
 * @example
 * tenantMiddleware({ resolve: fromSubdomain({ baseDomain: 'example.com', toTenantId: tenantIdBySlug(dataSource) }) });
 */
export function fromSubdomain(options: SubdomainOptions): TenantResolver {
  const suffix = `.${options.baseDomain.toLowerCase().replace(/^\./, '')}`;
  return named(`a subdomain of ${suffix.slice(1)}`, (request) => {
    const host = (request.hostname ?? String(request.headers.host ?? '').replace(/:\d+$/, '')).toLowerCase();
    if (!host.endsWith(suffix)) return undefined;
    const label = host.slice(0, -suffix.length);
    if (label === '' || label.includes('.')) return undefined;
    return options.toTenantId ? options.toTenantId(label) : label;
  });
}

/**
 * Reads the tenant id from a route path parameter (default `tenantId`), e.g. `/t/:tenantId/notes`.
 * In Express, mount the middleware on a path that declares it (`app.use('/t/:tenantId', …)`).
 *
 * @example
 * app.use('/t/:tenantId', tenantMiddleware({ resolve: fromPathParam('tenantId') }));
 */
export function fromPathParam(name = 'tenantId'): TenantResolver {
  return named(`the :${name} path parameter`, (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    const value = params?.[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  });
}
