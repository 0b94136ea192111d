/**
 * `typeorm-tenancy/observability`: the tenant and actor of each query on TypeORM's log lines, on
 * OpenTelemetry spans (`@opentelemetry/api` is an optional peer, loaded only when installed) and in
 * sqlcommenter-style SQL comments. Never the system key. Not loaded by the core entry.
 */
export { enableTenantObservability, type ObservabilityOptions } from './enable-observability';
export { TenantContextLogger, type TenantContextLoggerOptions } from './tenant-context-logger';
export { tenantContextFields, contextTag, type TenantContextFields } from './context-fields';
export { tenantSpanAttributes, annotateActiveSpan, SPAN_ATTRIBUTES } from './span-attributes';
export { sqlComment, tagStatement } from './sql-comment';
