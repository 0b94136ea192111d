import { contextStore } from '../tenancy/context-store';
import { withoutTenantScope, withTenant } from '../tenancy/with-tenant';
import { parseTenantContext, type JobContextOptions } from './tenant-context-envelope';

/**
 * Runs `fn` in the context an envelope captured: `withTenant(tenantId, fn, { actorId })`, or
 * `withoutTenantScope(fn, { actorId })` for a system envelope when `options.allowSystem`. The
 * envelope is checked first (see `parseTenantContext`); a bad one throws before `fn` runs, so
 * nothing is read or written. `fn` starts from an empty scope: whatever context the worker itself
 * runs in (even another tenant's, or its actor) does not leak in. Returns what `fn` returns.
 *
 * @throws InvalidJobContextError (`JOB_CONTEXT_INVALID`) when the envelope is refused.
 * @example
 * consumer.on('message', (message) =>
 *   runInCapturedContext(message.tenancy, () => invoices.markSent(message.invoiceId)));
 */
export function runInCapturedContext<T>(envelope: unknown, fn: () => T, options: JobContextOptions = {}): T {
  const context = parseTenantContext(envelope, options);
  const actor = { actorId: context.actorId };
  // From no scope: a nested withTenant for the same tenant would inherit the outer actor.
  return contextStore().run(undefined, () =>
    context.kind === 'tenant' ? withTenant(context.tenantId, fn, actor) : withoutTenantScope(fn, actor),
  );
}
