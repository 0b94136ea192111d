import { randomUUID } from 'node:crypto';
import {
  captureTenantContext,
  InvalidJobContextError,
  JobContextMissingError,
  parseTenantContext,
  runInCapturedContext,
  runTenantJob,
  tenantJobData,
  TenancyError,
} from '../../src/jobs';
import { currentActorId, currentScope } from '../../src/tenancy/current-tenant';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';

const tenant = randomUUID();
const actor = randomUUID();

/** Runs `fn`, expecting InvalidJobContextError; returns its `problem`. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidJobContextError);
    expect(error).toBeInstanceOf(TenancyError);
    expect((error as InvalidJobContextError).code).toBe('JOB_CONTEXT_INVALID');
    return (error as InvalidJobContextError).problem;
  }
  throw new Error('expected a refusal');
}

describe('captureTenantContext', () => {
  it('captures the tenant and actor as plain JSON that round-trips', () => {
    const envelope = withTenant(tenant.toUpperCase(), () => captureTenantContext(), { actorId: actor });
    expect(JSON.parse(JSON.stringify(envelope))).toEqual({ v: 1, kind: 'tenant', tenantId: tenant, actorId: actor });
    expect(Object.isFrozen(envelope)).toBe(true);
    expect(JSON.stringify(withTenant(tenant, () => captureTenantContext()))).toBe(JSON.stringify({ v: 1, kind: 'tenant', tenantId: tenant }));
  });

  it('refuses with no tenant (JOB_CONTEXT_MISSING), and system scope unless allowSystem', () => {
    expect(() => captureTenantContext()).toThrow(JobContextMissingError);
    expect(() => captureTenantContext({ allowSystem: true })).toThrow(expect.objectContaining({ code: 'JOB_CONTEXT_MISSING', system: false }));
    expect(() => withoutTenantScope(() => captureTenantContext())).toThrow(expect.objectContaining({ code: 'JOB_CONTEXT_MISSING', system: true }));
    expect(withoutTenantScope(() => captureTenantContext({ allowSystem: true }), { actorId: actor })).toEqual({ v: 1, kind: 'system', actorId: actor });
  });
});

describe('parseTenantContext refuses what captureTenantContext cannot have made', () => {
  const good = { v: 1, kind: 'tenant', tenantId: tenant };
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /missing or not an object/],
    ['null', null, /missing or not an object/],
    ['a string', JSON.stringify(good), /not an object/],
    ['an array', [good], /not an object/],
    ['version 2', { ...good, v: 2 }, /version/],
    ['version "1"', { ...good, v: '1' }, /version/],
    ['no version', { kind: 'tenant', tenantId: tenant }, /version/],
    ['another kind', { ...good, kind: 'admin' }, /kind/],
    ['no kind', { v: 1, tenantId: tenant }, /kind/],
    ['no tenant id', { v: 1, kind: 'tenant' }, /tenantId is missing/],
    ['a slug', { ...good, tenantId: 'acme' }, /tenantId is not a UUID/],
    ['a number', { ...good, tenantId: 42 }, /tenantId is not a UUID/],
    ['the nil UUID', { ...good, tenantId: '00000000-0000-0000-0000-000000000000' }, /tenantId is not a UUID/],
    ['a padded UUID', { ...good, tenantId: ` ${tenant}` }, /tenantId is not a UUID/],
    ['a null actor', { ...good, actorId: null }, /actorId is not a UUID/],
    ['a non-UUID actor', { ...good, actorId: 'root' }, /actorId is not a UUID/],
    ['an extra field', { ...good, scope: 'all' }, /unexpected field\(s\) "scope"/],
    ['a tenant id on a system envelope', { v: 1, kind: 'system', tenantId: tenant }, /unexpected field\(s\) "tenantId" for kind 'system'/],
    ['a system envelope', { v: 1, kind: 'system' }, /does not allow system jobs/],
  ])('%s', (_, value, problem) => {
    expect(refusal(() => parseTenantContext(value))).toMatch(problem);
  });

  it('accepts and normalises what it made; system only with allowSystem', () => {
    expect(parseTenantContext({ ...good, tenantId: tenant.toUpperCase(), actorId: actor })).toEqual({ ...good, actorId: actor });
    expect(parseTenantContext({ v: 1, kind: 'system', actorId: actor }, { allowSystem: true })).toEqual({ v: 1, kind: 'system', actorId: actor });
  });
});

describe('runInCapturedContext', () => {
  it("re-enters exactly the captured context, whatever the worker's own context is", async () => {
    const envelope = withTenant(tenant, () => captureTenantContext());
    const other = randomUUID();
    // A worker that (wrongly) runs inside a tenant with an actor: neither leaks into the job.
    const inside = await withTenant(tenant, () => runInCapturedContext(envelope, async () => [currentScope(), currentActorId()]), { actorId: actor });
    expect(inside).toEqual([{ kind: 'tenant', tenantId: tenant, actorId: undefined }, undefined]);
    const fromOther = withTenant(other, () => runInCapturedContext(envelope, () => currentScope()?.kind === 'tenant' && currentScope()));
    expect(fromOther).toEqual({ kind: 'tenant', tenantId: tenant, actorId: undefined });
    expect(currentScope()).toBeUndefined();
  });

  it('refuses before fn runs', () => {
    const fn = jest.fn();
    refusal(() => runInCapturedContext({ v: 1, kind: 'tenant', tenantId: 'acme' }, fn));
    refusal(() => runInCapturedContext({ v: 1, kind: 'system' }, fn));
    expect(fn).not.toHaveBeenCalled();
    expect(runInCapturedContext({ v: 1, kind: 'system' }, () => currentScope()?.kind, { allowSystem: true })).toBe('system');
  });
});

describe('tenantJobData / runTenantJob (any queue)', () => {
  it('wraps the payload with the context and runs the handler in it', () => {
    const data = withTenant(tenant, () => tenantJobData({ invoiceId: 7 }), { actorId: actor });
    const wire = JSON.parse(JSON.stringify(data));
    expect(runTenantJob(wire, (p: { invoiceId: number }) => [p.invoiceId, currentScope()])).toEqual([7, { kind: 'tenant', tenantId: tenant, actorId: actor }]);
    expect(runTenantJob({ tenancy: wire.tenancy }, (p) => p)).toBeUndefined();
    expect(() => tenantJobData({})).toThrow(JobContextMissingError);
  });

  it('refuses data it did not make, before the handler runs', () => {
    const fn = jest.fn();
    const tenancy = withTenant(tenant, () => captureTenantContext());
    expect(refusal(() => runTenantJob(null, fn))).toMatch(/not an object/);
    expect(refusal(() => runTenantJob({ invoiceId: 7 }, fn))).toMatch(/besides "tenancy" and "payload"/);
    expect(refusal(() => runTenantJob({ payload: {} }, fn))).toMatch(/no "tenancy" envelope/);
    expect(refusal(() => runTenantJob({ tenancy, payload: {}, tenantId: tenant }, fn))).toMatch(/besides/);
    expect(refusal(() => runTenantJob({ tenancy: { ...tenancy, tenantId: 'x' }, payload: {} }, fn))).toMatch(/tenantId is not a UUID/);
    expect(fn).not.toHaveBeenCalled();
  });
});
