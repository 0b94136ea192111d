import { createHook } from 'node:async_hooks';
import { resolve } from 'node:path';
import { ContextLeakError, type ContextLeak } from '../errors/context-leak-error';
import { contextStore } from '../tenancy/context-store';
import type { TenantScope } from '../tenancy/tenant-scope';

/**
 * Options of {@link createContextLeakCheck} and {@link installContextLeakCheck}.
 *
 * @example
 * installContextLeakCheck({ promises: false }); // timers only
 */
export interface ContextLeakCheckOptions {
  /** Also report promises created inside a scope and still pending (unawaited work). Default true. */
  promises?: boolean;
  /** Clear the leaked timers and immediates, so they cannot run during the next test. Default true. */
  cancelTimers?: boolean;
}

/**
 * A leak check around one test: `start()` before it, `finish()` after it.
 *
 * @example
 * const check = createContextLeakCheck();
 * check.start(); await runTest(); const leaks = await check.finish();
 */
export interface ContextLeakCheck {
  start(): void;
  /** Stops tracking and returns the findings (empty when nothing leaked). */
  finish(): Promise<ContextLeak[]>;
}

interface Pending {
  readonly type: string;
  readonly scope: TenantScope;
  readonly resource: unknown;
  readonly stack: { stack?: string };
}

const LIBRARY = resolve(__dirname, '..'); // src/ or dist/: frames of this library are not the test's
const SELF = __filename.replace(/\.[jt]s$/, ''); // the hook's own frame (.ts under ts-jest, .js built)
const KINDS: Record<string, string> = { Timeout: 'timer (setTimeout/setInterval)', Immediate: 'setImmediate', PROMISE: 'pending promise (unawaited work?)' };

/**
 * Where the work was started, when the code under test started it: the frame that called
 * `setTimeout`/`setImmediate`/`.then`/`new Promise` (or the async function itself), past node's own
 * frames and this hook. `undefined` when that frame is in node_modules or this library: a driver's
 * or pool's own timers and promises are not the test's leak (`at async` frames are skipped: they
 * are the awaiting callers, not who started the work).
 */
function site(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith('at ') || frame.startsWith('at async ')) continue;
    if (frame.includes('node:') || frame.includes('<anonymous>') || frame.includes(SELF)) continue;
    return frame.includes('/node_modules/') || frame.includes(LIBRARY) ? undefined : frame.slice(3);
  }
  return undefined;
}

const scopeName = (scope: TenantScope) => (scope.kind === 'tenant' ? `withTenant(${scope.tenantId})` : 'withoutTenantScope()');

/**
 * Tracks, between `start()` and `finish()`, the timers, immediates and (optionally) promises
 * created inside `withTenant`/`withoutTenantScope` by the code under test: the test's own timers,
 * `.then` chains and async functions (work a driver or this library starts is not its concern, so
 * a bare unawaited `repo.save()` is seen only through the async function or `.then` around it). At
 * `finish()`, after one event-loop turn, whatever is still pending is a finding, and so is a scope
 * still current. Costs a stack capture per tracked resource while it runs: for tests only.
 *
 * @example
 * const check = createContextLeakCheck();
 * check.start();
 * withTenant(a, () => setTimeout(() => notes.insert({ title: 'late' }), 50)); // leaks
 * (await check.finish())[0].kind; // 'pending'
 */
export function createContextLeakCheck(options: ContextLeakCheckOptions = {}): ContextLeakCheck {
  const pending = new Map<number, Pending>();
  const trackPromises = options.promises !== false;
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (!(type in KINDS) || (type === 'PROMISE' && !trackPromises)) return;
      const scope = contextStore().get();
      if (!scope) return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = {};
      Error.captureStackTrace(stack); // frames now, text formatted only if reported
      Error.stackTraceLimit = limit;
      pending.set(asyncId, { type, scope, resource, stack });
    },
    destroy: (asyncId) => void pending.delete(asyncId),
    promiseResolve: (asyncId) => void pending.delete(asyncId),
  });
  return {
    start() {
      pending.clear();
      hook.enable();
    },
    async finish() {
      await new Promise((settle) => setImmediate(settle)); // work that is already done settles
      hook.disable();
      const leaks: ContextLeak[] = [];
      const scope = contextStore().get();
      if (scope) leaks.push({ kind: 'scope-active', description: `${scopeName(scope)} was still current after the test` });
      const grouped = new Map<string, number>();
      for (const entry of pending.values()) {
        const where = site(entry.stack.stack);
        if (!where) continue;
        if (options.cancelTimers !== false && entry.type === 'Timeout') clearTimeout(entry.resource as NodeJS.Timeout);
        if (options.cancelTimers !== false && entry.type === 'Immediate') clearImmediate(entry.resource as NodeJS.Immediate);
        const key = `${KINDS[entry.type]} started inside ${scopeName(entry.scope)} at ${where}`;
        grouped.set(key, (grouped.get(key) ?? 0) + 1);
      }
      pending.clear();
      for (const [description, n] of grouped) leaks.push({ kind: 'pending', description: n > 1 ? `${n}× ${description}` : description });
      return leaks;
    },
  };
}

/**
 * Jest (or any runner with global `beforeEach`/`afterEach`) setup: fails every test that leaks
 * tenant context, with `ContextLeakError` listing where the leaked work started. Call it in a file
 * listed in `setupFilesAfterEnv`. Leaked timers are cleared so they cannot run in the next test.
 *
 * @throws TypeError when `beforeEach`/`afterEach` are not defined (not in a setup file).
 * @example
 * // jest.setup.ts, with setupFilesAfterEnv: ['<rootDir>/jest.setup.ts']
 * import { installContextLeakCheck } from 'typeorm-tenancy/testing';
 * installContextLeakCheck();
 */
export function installContextLeakCheck(options: ContextLeakCheckOptions = {}): void {
  const runner = globalThis as { beforeEach?: (fn: () => unknown) => void; afterEach?: (fn: () => unknown) => void };
  if (typeof runner.beforeEach !== 'function' || typeof runner.afterEach !== 'function') {
    throw new TypeError('installContextLeakCheck() must run where beforeEach/afterEach are defined: a Jest setupFilesAfterEnv file.');
  }
  const check = createContextLeakCheck(options);
  runner.beforeEach(() => check.start());
  runner.afterEach(async () => {
    const leaks = await check.finish();
    if (leaks.length > 0) throw new ContextLeakError(leaks);
  });
}
