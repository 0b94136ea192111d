import { TenancyError } from './tenancy-error';

/**
 * One finding of the context-leak check of `typeorm-tenancy/testing`.
 *
 * @example
 * const leaks: ContextLeak[] = await createContextLeakCheck().finish(); // [{ kind: 'pending', description: 'timer … at test.ts:12:5' }]
 */
export interface ContextLeak {
  /** `scope-active`: a tenant (or system) scope was still current; `pending`: work started in one was still pending. */
  readonly kind: 'scope-active' | 'pending';
  /** Human description: what, started in which scope (and where, when stacks are captured). */
  readonly description: string;
}

/**
 * A test ended while a tenant context was still current, or with work started inside
 * `withTenant`/`withoutTenantScope` still pending (a timer, an immediate, an unawaited promise):
 * that work would run during the next test, as this test's tenant. Test-only.
 *
 * @example
 * installContextLeakCheck(); // in a Jest setup file: a leaking test fails with TEST_CONTEXT_LEAK
 */
export class ContextLeakError extends TenancyError {
  readonly code = 'TEST_CONTEXT_LEAK' as const;

  constructor(readonly leaks: readonly ContextLeak[]) {
    super(
      `The test leaked tenant context (${leaks.length} finding(s)): ` +
        leaks.slice(0, 10).map((l) => l.description).join('; ') +
        (leaks.length > 10 ? `; … (${leaks.length - 10} more)` : '') +
        '. Await the work started inside withTenant before the test ends (or cancel its timers).',
    );
  }
}
