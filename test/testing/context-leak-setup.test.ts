import { spawnSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';
import { join, resolve } from 'node:path';
import { ContextLeakError } from '../../src/errors';
import { useContextStore } from '../../src/tenancy/context-store';
import type { ContextStore, TenantScope } from '../../src/tenancy/tenant-scope';
import { withTenant } from '../../src/tenancy/with-tenant';
import { createContextLeakCheck, installContextLeakCheck } from '../../src/testing';

const root = resolve(__dirname, '../..');

/** A store that does not restore the caller's scope (enterWith): the bug the scope check is for. */
class LeakyStore implements ContextStore {
  private readonly storage = new AsyncLocalStorage<TenantScope>();
  get() {
    return this.storage.getStore();
  }
  run<T>(scope: TenantScope | undefined, fn: () => T): T {
    this.storage.enterWith(scope as TenantScope);
    return fn();
  }
}

describe('context-leak check', () => {
  it('a scope still current after the test is a finding', async () => {
    const previous = useContextStore(new LeakyStore());
    try {
      const check = createContextLeakCheck();
      check.start();
      withTenant('0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192', () => undefined);
      const leaks = await check.finish();
      expect(leaks).toEqual([{ kind: 'scope-active', description: 'withTenant(0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192) was still current after the test' }]);
      expect(new ContextLeakError(leaks).code).toBe('TEST_CONTEXT_LEAK');
    } finally {
      useContextStore(previous);
    }
  });

  it('installContextLeakCheck outside a setup file (no beforeEach) is a TypeError', () => {
    const saved = globalThis.beforeEach;
    Object.assign(globalThis, { beforeEach: undefined });
    try {
      expect(() => installContextLeakCheck()).toThrow(/setupFilesAfterEnv/);
    } finally {
      Object.assign(globalThis, { beforeEach: saved });
    }
  });

  it('as a Jest setup file: fails exactly the test that leaked, naming where, and the next test passes', () => {
    const config = {
      rootDir: root,
      roots: ['<rootDir>/test/testing/fixtures'],
      testMatch: ['**/leaky.fixture.ts'],
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
      setupFiles: ['reflect-metadata'],
      setupFilesAfterEnv: ['<rootDir>/test/testing/fixtures/leak-setup.ts'],
    };
    const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--config', JSON.stringify(config), '--json', '--ci'], { cwd: root, encoding: 'utf8', timeout: 50_000 });
    const report = JSON.parse(run.stdout) as { testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }> };
    const results = report.testResults[0].assertionResults;
    expect(run.status).toBe(1);
    expect(results.map((r) => [r.title, r.status])).toEqual([
      ['clean: awaits everything it starts', 'passed'],
      ['leaky: leaves a timer running as the tenant', 'failed'],
      ['clean again after the leaky one', 'passed'],
    ]);
    expect(results[1].failureMessages.join('\n')).toMatch(/ContextLeakError: The test leaked tenant context \(1 finding\(s\)\): timer \(setTimeout\/setInterval\) started inside withTenant\(0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192\) at .*leaky\.fixture\.ts:11/);
  }, 60_000);
});
