import type { TenantContextFields } from './context-fields';

/** The attribute names put on spans (no OpenTelemetry semantic convention names a tenant yet). */
export const SPAN_ATTRIBUTES = Object.freeze({ tenantId: 'tenant.id', scope: 'tenant.scope', actorId: 'enduser.id' });

/**
 * The fields as OpenTelemetry span attributes, for an instrumentation's own hook (for example
 * `@opentelemetry/instrumentation-pg`'s `requestHook`); `{}` outside any context.
 *
 * @example
 * new PgInstrumentation({ requestHook: (span) => span.setAttributes(tenantSpanAttributes(tenantContextFields())) });
 */
export function tenantSpanAttributes(fields: TenantContextFields): Record<string, string> {
  if (fields.scope === 'none') return {};
  return {
    [SPAN_ATTRIBUTES.scope]: fields.scope,
    ...(fields.tenantId ? { [SPAN_ATTRIBUTES.tenantId]: fields.tenantId } : {}),
    ...(fields.actorId ? { [SPAN_ATTRIBUTES.actorId]: fields.actorId } : {}),
  };
}

interface SpanLike {
  setAttributes(attributes: Record<string, string>): unknown;
}
interface TraceApi {
  trace: { getActiveSpan(): SpanLike | undefined };
}

let api: TraceApi | null | undefined;

/**
 * `@opentelemetry/api` when the application has it installed (an optional peer), else `null`.
 * Loaded once, on first use: an app without it pays one failed resolution, then nothing.
 */
export function openTelemetryApi(): TraceApi | null {
  if (api === undefined) {
    try {
      api = require('@opentelemetry/api') as TraceApi;
    } catch {
      api = null;
    }
  }
  return api;
}

/**
 * Puts the tenant attributes on the active span, if OpenTelemetry is installed and a span is active.
 *
 * @example
 * tracer.startActiveSpan('GET /notes', (span) => withTenant(t, async () => { annotateActiveSpan(tenantContextFields()); span.end(); }));
 */
export function annotateActiveSpan(fields: TenantContextFields): void {
  if (fields.scope === 'none') return;
  openTelemetryApi()?.trace.getActiveSpan()?.setAttributes(tenantSpanAttributes(fields));
}
