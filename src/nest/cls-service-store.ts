import type { ContextStore, TenantScope } from '../tenancy/tenant-scope';

/**
 * The part of nestjs-cls's `ClsService` the adapter uses (declared here so that nestjs-cls stays
 * an optional peer: nothing is required at run time).
 *
 * @example
 * const cls: ClsServiceLike = app.get(ClsService);
 */
export interface ClsServiceLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  isActive(): boolean;
  run<T>(options: { ifNested: 'inherit' | 'override' | 'reuse' }, callback: () => T): T;
}

const KEY = 'typeorm-tenancy:scope';

/**
 * A `ContextStore` in nestjs-cls: the tenant scope lives under one key of a CLS context, so the
 * request's other CLS values (request id, user) stay visible inside `withTenant`, and code that reads
 * `ClsService` and code that calls `currentTenantId()` see one context. Each `withTenant` opens a
 * child context (`ifNested: 'inherit'`: the parent's values are copied, the scope key is set in the
 * child only), so the caller's scope is untouched when it returns. Install it once at start-up,
 * before any request (`useContextStore` returns the previous store).
 *
 * @example
 * @Module({ imports: [ClsModule.forRoot({ global: true, middleware: { mount: true } }), TenancyModule.forRoot()] })
 * export class AppModule {
 *   constructor(cls: ClsService) { useContextStore(new ClsServiceStore(cls)); }
 * }
 */
export class ClsServiceStore implements ContextStore {
  constructor(private readonly cls: ClsServiceLike) {}

  get(): TenantScope | undefined {
    return this.cls.isActive() ? (this.cls.get(KEY) as TenantScope | undefined) : undefined;
  }

  run<T>(scope: TenantScope | undefined, fn: () => T): T {
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(KEY, scope);
      return fn();
    });
  }
}
