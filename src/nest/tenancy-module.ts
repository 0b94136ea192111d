import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type ModuleMetadata, type NestModule, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TENANCY_MODULE_OPTIONS, type TenancyModuleOptions } from './tenancy-module-options';
import { TenancyExceptionFilter } from './tenancy-exception-filter';
import { TenantMiddleware } from './tenant-middleware';

/**
 * Options of `TenancyModule.forRootAsync`: resolvers built from other providers (a JWT service, a
 * tenant cache). `exceptionFilter` is read here, not from the factory's result.
 *
 * @example
 * TenancyModule.forRootAsync({ inject: [TenantCache], useFactory: (cache: TenantCache) => ({ resolveTenant: (req) => cache.idOf(req) }) });
 */
export interface TenancyModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown) | Function>;
  useFactory: (...args: never[]) => TenancyModuleOptions | Promise<TenancyModuleOptions>;
  exceptionFilter?: boolean;
  /** Same as `TenancyModuleOptions.exclude` (needed before the factory runs). */
  exclude?: TenancyModuleOptions['exclude'];
  /** Same as `TenancyModuleOptions.forRoutes`. */
  forRoutes?: TenancyModuleOptions['forRoutes'];
}

const ROUTES = Symbol('typeorm-tenancy:nest-routes');
type Routes = Pick<TenancyModuleOptions, 'exclude' | 'forRoutes'>;

/**
 * Runs every request (but the excluded routes) in its tenant's context and maps library errors to
 * HTTP. Pair it with `tenancyDataSourceFactory` in `TypeOrmModule`, which turns tenancy on before
 * the DataSource initializes. The module is global: the middleware and filter apply app-wide.
 *
 * @example
 * @Module({
 *   imports: [
 *     TypeOrmModule.forRootAsync({ useFactory: () => ({ type: 'postgres', url, entities: [Tenant, Note] }), dataSourceFactory: tenancyDataSourceFactory() }),
 *     TypeOrmModule.forFeature([Note]),
 *     TenancyModule.forRoot({ resolveTenant: headerTenantResolver('x-tenant-id'), exclude: ['health'] }),
 *   ],
 *   controllers: [NotesController],
 * })
 * export class AppModule {}
 */
@Module({})
export class TenancyModule implements NestModule {
  constructor(@Inject(ROUTES) private readonly routes: Routes) {}

  /**
   * Static options.
   *
   * @example
   * TenancyModule.forRoot({ resolveTenant: headerTenantResolver('x-tenant-id'), exclude: ['health'] });
   */
  static forRoot(options: TenancyModuleOptions = {}): DynamicModule {
    return TenancyModule.build([{ provide: TENANCY_MODULE_OPTIONS, useValue: options }], options, options.exceptionFilter, []);
  }

  /**
   * Options from a factory with injected providers.
   *
   * @example
   * TenancyModule.forRootAsync({ inject: [ConfigService], useFactory: (c: ConfigService) => ({ resolveTenant: headerTenantResolver(c.get('TENANT_HEADER')) }) });
   */
  static forRootAsync(options: TenancyModuleAsyncOptions): DynamicModule {
    const provider: Provider = { provide: TENANCY_MODULE_OPTIONS, useFactory: options.useFactory as (...args: unknown[]) => unknown, inject: (options.inject ?? []) as never[] };
    return TenancyModule.build([provider], options, options.exceptionFilter, options.imports ?? []);
  }

  private static build(providers: Provider[], routes: Routes, filter: boolean | undefined, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: TenancyModule,
      global: true,
      imports,
      providers: [
        ...providers,
        { provide: ROUTES, useValue: { exclude: routes.exclude, forRoutes: routes.forRoutes } },
        TenantMiddleware,
        ...(filter === false ? [] : [{ provide: APP_FILTER, useClass: TenancyExceptionFilter }]),
      ],
      exports: [TENANCY_MODULE_OPTIONS],
    };
  }

  /**
   * Installs `TenantMiddleware` (called by Nest).
   *
   * @example
   * // not called by you: Nest calls configure(consumer) for every NestModule
   */
  configure(consumer: MiddlewareConsumer): void {
    const proxy = consumer.apply(TenantMiddleware);
    if (this.routes.exclude?.length) proxy.exclude(...this.routes.exclude);
    proxy.forRoutes(...(this.routes.forRoutes ?? ['*']));
  }
}
