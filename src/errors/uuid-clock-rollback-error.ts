import { TenancyError } from './tenancy-error';

/**
 * A `UuidV7Source` with `onClockRollback: 'abort'` saw the clock step back by more than its
 * allowance and refused to issue an id that would sort before earlier ones. No id was issued; the
 * generator keeps its state, so it resumes once the clock is back past `lastMs - allowanceMs`.
 *
 * @example
 * try { id = source.next(); }
 * catch (e) { if (e instanceof UuidClockRollbackError) retryLater(e.lastMs - e.clockMs); }
 */
export class UuidClockRollbackError extends TenancyError {
  readonly code = 'UUID_CLOCK_ROLLBACK' as const;

  /**
   * @param clockMs what the clock said
   * @param lastMs the timestamp of the last id issued
   * @param allowanceMs the largest step-back the source tolerates
   */
  constructor(readonly clockMs: number, readonly lastMs: number, readonly allowanceMs: number) {
    super(
      `The clock moved back ${lastMs - clockMs} ms (from ${lastMs} to ${clockMs}), more than the ${allowanceMs} ms ` +
        'allowance; refusing to generate an out-of-order UUIDv7. Fix the host clock (NTP stepping), raise ' +
        "rollbackAllowanceMs, or use onClockRollback: 'reset' if order may break.",
    );
  }
}
