import type { Logger, QueryRunner } from 'typeorm';
import { contextTag, tenantContextFields, type TenantContextFields } from './context-fields';
import { annotateActiveSpan } from './span-attributes';

type Parameters_ = Parameters<Logger['logQuery']>[1];

/** Options of {@link TenantContextLogger}. */
export interface TenantContextLoggerOptions {
  /** Put the tenant on the active OpenTelemetry span at each query (when `@opentelemetry/api` is installed). Default true. */
  spans?: boolean;
  /** The tag of a line; default {@link contextTag} (`tenant=<id> actor=<id>`, `system`, or nothing). */
  tag?: (fields: TenantContextFields) => string;
}

/**
 * A TypeORM `Logger` that writes through another one and says which tenant (and actor) each line
 * belongs to: a query line ends with `-- tenant=<id> actor=<id>` (or `-- system`), other lines start
 * with `[tenant=<id>]`. TypeORM calls it in the async context of the code that ran the query, so the
 * tag is that code's tenant. Lines outside any context are passed on unchanged. The system key is
 * never part of a tag. At each query it also annotates the active span (see `annotateActiveSpan`).
 *
 * @example
 * new DataSource({ ...options, logger: new TenantContextLogger(new AdvancedConsoleLogger(['query', 'error'])) });
 */
export class TenantContextLogger implements Logger {
  private readonly spans: boolean;
  private readonly tag: (fields: TenantContextFields) => string;

  constructor(readonly inner: Logger, options: TenantContextLoggerOptions = {}) {
    this.spans = options.spans ?? true;
    this.tag = options.tag ?? contextTag;
  }

  logQuery(query: string, parameters?: Parameters_, queryRunner?: QueryRunner): unknown {
    const fields = tenantContextFields();
    if (this.spans) annotateActiveSpan(fields);
    return this.inner.logQuery(this.query(query, fields), parameters, queryRunner);
  }

  logQueryError(error: string | Error, query: string, parameters?: Parameters_, queryRunner?: QueryRunner): unknown {
    return this.inner.logQueryError(error, this.query(query, tenantContextFields()), parameters, queryRunner);
  }

  logQuerySlow(time: number, query: string, parameters?: Parameters_, queryRunner?: QueryRunner): unknown {
    return this.inner.logQuerySlow(time, this.query(query, tenantContextFields()), parameters, queryRunner);
  }

  logSchemaBuild(message: string, queryRunner?: QueryRunner): unknown {
    return this.inner.logSchemaBuild(this.line(message), queryRunner);
  }

  logMigration(message: string, queryRunner?: QueryRunner): unknown {
    return this.inner.logMigration(this.line(message), queryRunner);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown, queryRunner?: QueryRunner): unknown {
    return this.inner.log(level, typeof message === 'string' ? this.line(message) : message, queryRunner);
  }

  /** A query already tagged by the SQL comments (`enableTenantObservability({ sqlComments })`) is left as it is. */
  private query(query: string, fields: TenantContextFields): string {
    const tag = this.tag(fields);
    return tag && !query.includes('tenant_scope=') ? `${query} -- ${tag}` : query;
  }

  private line(message: string): string {
    const tag = this.tag(tenantContextFields());
    return tag ? `[${tag}] ${message}` : message;
  }
}
