import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNamespace, type Namespace } from 'cls-hooked';
import ts from 'typescript';
import {
  AsyncLocalStorageStore,
  ClsHookedStore,
  currentActorId,
  currentScope,
  currentTenantId,
  useClsHookedNamespace,
  useContextStore,
  withoutTenantScope,
  withTenant,
  type ContextStore,
} from '../../src/tenancy';
import { contextStore } from '../../src/tenancy/context-store';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708193';
const ACTOR = '0190a6a4-0000-7000-8000-000000000001';
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('useClsHookedNamespace', () => {
  it('installs a ClsHookedStore and returns the previous store', () => {
    const previous = useClsHookedNamespace(createNamespace('typeorm-tenancy-test:install'));
    try {
      expect(previous).toBeInstanceOf(AsyncLocalStorageStore);
      expect(contextStore()).toBeInstanceOf(ClsHookedStore);
    } finally {
      useContextStore(previous);
    }
    expect(contextStore()).toBe(previous);
  });

  it.each([[undefined], [{}], [{ get() {}, set() {} }]])('rejects %p with a TypeError and keeps the active store', (bad) => {
    const before = contextStore();
    expect(() => useClsHookedNamespace(bad as never)).toThrow(TypeError);
    expect(contextStore()).toBe(before);
  });

  it('does not load cls-hooked at runtime (an optional peer dependency)', () => {
    const loaded = jest.fn(() => ({}));
    jest.isolateModules(() => {
      jest.doMock('cls-hooked', loaded, { virtual: true });
      require('../../src/tenancy/cls-hooked-store');
      require('../../src/tenancy');
    });
    expect(loaded).not.toHaveBeenCalled();
    // And the emitted JavaScript has no require of it (only type imports, which are erased).
    const source = readFileSync(join(__dirname, '../../src/tenancy/cls-hooked-store.ts'), 'utf8');
    const emitted = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, removeComments: true } });
    expect(emitted.outputText).toMatch(/require\("\.\/context-store"\)/);
    expect(emitted.outputText).not.toMatch(/(require|import)\(\s*["']cls-hooked["']\s*\)/);
  });
});

describe('ClsHookedStore with a real cls-hooked namespace', () => {
  let ns: Namespace;
  let previous: ContextStore;
  beforeAll(() => {
    ns = createNamespace('typeorm-tenancy-test:app');
    previous = useClsHookedNamespace(ns);
  });
  afterAll(() => {
    useContextStore(previous);
  });

  it('get() outside any cls context is undefined, not a throw', () => {
    expect(ns.active).toBeFalsy();
    expect(currentScope()).toBeUndefined();
  });

  it("sees a value set in the app's namespace alongside the tenant, across awaits", async () => {
    const seen = await ns.runAndReturn(() => {
      ns.set('requestId', 'r-1');
      return withTenant(
        A,
        async () => {
          await tick();
          return [ns.get('requestId'), currentTenantId(), currentActorId()];
        },
        { actorId: ACTOR },
      );
    });
    expect(seen).toEqual(['r-1', A, ACTOR]);
  });

  it("the app's own ns.run inside withTenant still sees the tenant", async () => {
    const seen = await withTenant(A, () =>
      ns.runAndReturn(async () => {
        ns.set('requestId', 'r-2');
        await tick();
        return [ns.get('requestId'), currentTenantId()];
      }),
    );
    expect(seen).toEqual(['r-2', A]);
  });

  it('a value the app sets inside withTenant does not escape it; the app value outside is intact', () => {
    const seen = ns.runAndReturn(() => {
      ns.set('requestId', 'outer');
      withTenant(A, () => ns.set('requestId', 'inner'));
      return [ns.get('requestId'), currentTenantId()];
    });
    expect(seen).toEqual(['outer', undefined]);
  });

  it('ns.bind(fn) made inside withTenant keeps the tenant when called elsewhere', () => {
    const bound = withTenant(A, () => ns.bind(() => currentTenantId()));
    expect(withTenant(B, () => bound())).toBe(A);
  });

  it('nests with withoutTenantScope in both directions', async () => {
    const seen = await withTenant(A, async () => {
      const inner = await withoutTenantScope(async () => {
        await tick();
        return [currentScope()?.kind, await withTenant(B, async () => (await tick(), currentTenantId()))];
      });
      return [inner, currentTenantId()];
    });
    expect(seen).toEqual([['system', B], A]);
    expect(ns.active).toBeFalsy();
  });

  it('leaves the namespace stack balanced after returns, throws and rejections', async () => {
    const depth = (ns as unknown as { _set: unknown[] })._set.length;
    withTenant(A, () => 1);
    expect(() =>
      withTenant(A, () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    await expect(withTenant(A, async () => Promise.reject(new Error('y')))).rejects.toThrow('y');
    expect((ns as unknown as { _set: unknown[] })._set.length).toBe(depth);
    expect(ns.active).toBeFalsy();
  });

  it('does not tag thrown errors with the cls context (which would pin the tenant to the error)', () => {
    const error = new Error('boom');
    expect(() =>
      withTenant(A, () => {
        throw error;
      }),
    ).toThrow(error);
    expect(Object.keys(error)).toEqual([]); // cls-hooked would add 'error@context'
  });

  it("rethrows `throw 'x'` as 'x' (cls-hooked's run() would turn it into a TypeError)", () => {
    let caught: unknown;
    try {
      withTenant(A, () => {
        throw 'x';
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe('x');
  });
});
