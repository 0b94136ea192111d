import { InvalidJobContextError, JobContextMissingError } from '../errors';
import { currentScope } from '../tenancy/current-tenant';
import { isUuid } from '../uuid/is-uuid-v7';

/**
 * The tenant context of the code that queued a job, as plain JSON (it survives any queue's
 * serializer). Version 1: `{ v: 1, kind: 'tenant', tenantId, actorId? }`, or
 * `{ v: 1, kind: 'system', actorId? }` for system work that asked for it. Ids are lowercase UUIDs.
 * It is not signed: whoever can write to the queue's store can already run any job, so treat the
 * queue's store (Redis) as trusted infrastructure. What the worker does check is the shape, so a
 * damaged or hand-made envelope is refused, not guessed at.
 *
 * @example
 * const envelope: TenantContextEnvelope = withTenant(tenantId, () => captureTenantContext());
 * // { v: 1, kind: 'tenant', tenantId: '0190a6a4-…', actorId: undefined }
 */
export type TenantContextEnvelope =
  | { readonly v: 1; readonly kind: 'tenant'; readonly tenantId: string; readonly actorId?: string }
  | { readonly v: 1; readonly kind: 'system'; readonly actorId?: string };

/**
 * Options of {@link captureTenantContext}, {@link parseTenantContext} and everything built on them.
 *
 * @example
 * await withoutTenantScope(() => addTenantJob(queue, 'reindex', {}, undefined, { allowSystem: true }));
 */
export interface JobContextOptions {
  /**
   * Allow system work (`withoutTenantScope`) to be captured, or run. Default false: a system job
   * needs this on both sides, at enqueue and in the worker, so a job cannot become cross-tenant
   * by having its envelope rewritten to `kind: 'system'` unless the worker was written for that.
   */
  allowSystem?: boolean;
}

/**
 * Captures the current tenant and actor into an envelope to put in a job's payload. Call it where
 * the job is enqueued; re-enter the context in the worker with `runInCapturedContext`.
 *
 * @throws JobContextMissingError (`JOB_CONTEXT_MISSING`) outside `withTenant`, and inside
 *   `withoutTenantScope` unless `options.allowSystem` is true.
 * @example
 * await withTenant(tenantId, async () => {
 *   await myQueue.push({ tenancy: captureTenantContext(), invoiceId }); // any queue
 * }, { actorId: userId });
 */
export function captureTenantContext(options: JobContextOptions = {}): TenantContextEnvelope {
  const scope = currentScope();
  if (scope?.kind === 'tenant') return Object.freeze({ v: 1, kind: 'tenant', tenantId: scope.tenantId, actorId: scope.actorId });
  if (scope?.kind === 'system' && options.allowSystem === true) return Object.freeze({ v: 1, kind: 'system', actorId: scope.actorId });
  throw new JobContextMissingError(scope?.kind === 'system');
}

const TENANT_KEYS = ['v', 'kind', 'tenantId', 'actorId'];
const SYSTEM_KEYS = ['v', 'kind', 'actorId'];

function uuidField(value: Record<string, unknown>, field: 'tenantId' | 'actorId'): string | undefined {
  const id = value[field];
  if (id === undefined && field === 'actorId') return undefined;
  if (id === undefined) throw new InvalidJobContextError(`${field} is missing`);
  if (!isUuid(id)) throw new InvalidJobContextError(`${field} is not a UUID`);
  return id.toLowerCase();
}

/**
 * Checks that `value` is an envelope made by {@link captureTenantContext} and returns it
 * normalised (frozen, ids lowercased). Strict: unknown fields, another version or kind, a
 * missing tenant id and non-UUID ids are refused; so is a system envelope unless
 * `options.allowSystem`.
 *
 * @throws InvalidJobContextError (`JOB_CONTEXT_INVALID`) naming the field that is wrong.
 * @example
 * parseTenantContext(JSON.parse(message).tenancy); // before trusting a message from any queue
 */
export function parseTenantContext(value: unknown, options: JobContextOptions = {}): TenantContextEnvelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidJobContextError('the envelope is missing or not an object');
  const envelope = value as Record<string, unknown>;
  if (envelope.v !== 1) throw new InvalidJobContextError('v (the envelope version) is not 1');
  if (envelope.kind !== 'tenant' && envelope.kind !== 'system') throw new InvalidJobContextError("kind is neither 'tenant' nor 'system'");
  const allowed = envelope.kind === 'tenant' ? TENANT_KEYS : SYSTEM_KEYS;
  const extra = Object.keys(envelope).filter((key) => !allowed.includes(key));
  if (extra.length > 0) throw new InvalidJobContextError(`unexpected field(s) ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} for kind '${envelope.kind}'`);
  const actorId = uuidField(envelope, 'actorId');
  if (envelope.kind === 'system') {
    if (options.allowSystem !== true) throw new InvalidJobContextError("kind is 'system' and this worker does not allow system jobs (pass { allowSystem: true } if it should)");
    return Object.freeze({ v: 1, kind: 'system', actorId });
  }
  return Object.freeze({ v: 1, kind: 'tenant', tenantId: uuidField(envelope, 'tenantId')!, actorId });
}
