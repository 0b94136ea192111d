import { describeEachStore } from '../support/context-stores';
import { MissingTenantError, TenancyError } from '../../src/errors';
import {
  currentActorId,
  currentScope,
  currentTenantId,
  requireTenantId,
  withoutTenantScope,
  withTenant,
} from '../../src/tenancy';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const ACTOR = '0190a6a4-0000-7000-8000-000000000001';


function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describeEachStore('current tenant readers on %s', () => {

  describe('currentTenantId', () => {
    it('is the tenant inside withTenant, undefined outside and in withoutTenantScope', () => {
      expect(currentTenantId()).toBeUndefined();
      expect(withTenant(A, () => currentTenantId())).toBe(A);
      expect(withoutTenantScope(() => currentTenantId())).toBeUndefined();
    });
  });

  describe('requireTenantId', () => {
    it('returns the tenant inside withTenant, also after an await', async () => {
      await expect(
        withTenant(A, async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return requireTenantId();
        }),
      ).resolves.toBe(A);
    });

    it('throws MissingTenantError (TENANT_MISSING) outside any scope, pointing at withTenant', () => {
      const error = thrownBy(() => requireTenantId());
      expect(error).toBeInstanceOf(MissingTenantError);
      expect(error).toBeInstanceOf(TenancyError);
      expect((error as MissingTenantError).code).toBe('TENANT_MISSING');
      expect((error as MissingTenantError).operation).toBe('requireTenantId()');
      expect((error as Error).message).toMatch(/withTenant\(tenantId, fn\)/);
    });

    it('throws TENANT_MISSING inside withoutTenantScope, saying the scope was lifted', () => {
      const error = thrownBy(() => withoutTenantScope(() => requireTenantId()));
      expect(error).toBeInstanceOf(MissingTenantError);
      expect((error as MissingTenantError).code).toBe('TENANT_MISSING');
      expect((error as Error).message).toMatch(/inside withoutTenantScope/);
    });

    it('rejects the async fn that calls it unscoped', async () => {
      const unscoped = async () => {
        await null;
        return requireTenantId();
      };
      await expect(unscoped()).rejects.toBeInstanceOf(MissingTenantError);
      await expect(withoutTenantScope(unscoped)).rejects.toMatchObject({ code: 'TENANT_MISSING' });
    });
  });

  describe('currentActorId', () => {
    it('is the actor of withTenant and withoutTenantScope, undefined otherwise', () => {
      expect(currentActorId()).toBeUndefined();
      expect(withTenant(A, () => currentActorId(), { actorId: ACTOR })).toBe(ACTOR);
      expect(withoutTenantScope(() => currentActorId(), { actorId: ACTOR })).toBe(ACTOR);
      expect(withTenant(A, () => currentActorId())).toBeUndefined();
    });
  });

  describe('currentScope', () => {
    it('tells tenant, system and none apart', () => {
      expect(currentScope()).toBeUndefined();
      expect(withTenant(A, () => currentScope(), { actorId: ACTOR })).toEqual({ kind: 'tenant', tenantId: A, actorId: ACTOR });
      expect(withoutTenantScope(() => currentScope())).toEqual({ kind: 'system', actorId: undefined });
    });
  });
});
