import type { DataSource, QueryRunner } from 'typeorm';
import { TenancySetupError } from '../errors';
import { tenantContextFields } from './context-fields';
import { sqlComment, tagStatement } from './sql-comment';
import { TenantContextLogger } from './tenant-context-logger';

/** Options of {@link enableTenantObservability}. */
export interface ObservabilityOptions {
  /** Wrap the DataSource's logger in a {@link TenantContextLogger}. Default true. */
  logLines?: boolean;
  /** Put `tenant.id`, `tenant.scope` and `enduser.id` on the active OpenTelemetry span at each query. Default true. */
  spans?: boolean;
  /**
   * Append a sqlcommenter comment (`/*actor_id='…',tenant_id='…',tenant_scope='tenant'*\/`) to every
   * statement, so the database's own views and logs (pg_stat_activity, the slow query log) say which
   * tenant ran it. Default false: it makes each tenant's text distinct, so with prepared statements
   * every tenant prepares its own copy of a statement (docs/observability.md).
   */
  sqlComments?: boolean;
}

const ENABLED = new WeakSet<DataSource>();

/** Tags every statement a query runner of `dataSource` sends (`query()` and `stream()`), in the caller's context. */
function installSqlComments(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner: QueryRunner = create(mode);
    const query = runner.query.bind(runner);
    const stream = runner.stream.bind(runner);
    const tag = (sql: string) => tagStatement(sql, sqlComment(tenantContextFields()));
    runner.query = ((sql: string, ...rest: unknown[]) => (query as (...a: unknown[]) => unknown)(tag(sql), ...rest)) as QueryRunner['query'];
    runner.stream = ((sql: string, ...rest: unknown[]) => (stream as (...a: unknown[]) => unknown)(tag(sql), ...rest)) as QueryRunner['stream'];
    return runner;
  };
}

/**
 * Makes the tenant (and actor) of each query visible: on TypeORM's log lines, on the active
 * OpenTelemetry span (when `@opentelemetry/api` is installed; nothing is loaded otherwise) and,
 * if asked, in a SQL comment on every statement. Only ever the tenant id, the actor id and the
 * scope kind: never the system key. Call it once per DataSource, before or after `initialize()`;
 * a DataSource without tenancy gets the same tags (there is simply no tenant to show).
 *
 * @throws TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) when called twice on one DataSource.
 * @example
 * enableTenancy(dataSource);
 * enableTenantObservability(dataSource, { sqlComments: true });
 */
export function enableTenantObservability(dataSource: DataSource, options: ObservabilityOptions = {}): DataSource {
  if (ENABLED.has(dataSource)) {
    throw new TenancySetupError('enableTenantObservability called twice on one DataSource', 'Call it once, where the DataSource is created.');
  }
  ENABLED.add(dataSource);
  if (options.logLines ?? true) {
    const logger = new TenantContextLogger(dataSource.logger, { spans: options.spans ?? true });
    Object.defineProperty(dataSource, 'logger', { value: logger, writable: true, configurable: true, enumerable: true });
  } else if (options.spans ?? true) {
    const logger = new TenantContextLogger(dataSource.logger, { spans: true, tag: () => '' });
    Object.defineProperty(dataSource, 'logger', { value: logger, writable: true, configurable: true, enumerable: true });
  }
  if (options.sqlComments) installSqlComments(dataSource);
  return dataSource;
}
