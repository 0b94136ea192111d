import type { StatementKind } from './statement-text';

/** What one client's database session carries, as far as the tenant session knows. */
export interface SessionState {
  /** Settings the session has, or will have once the statements queued so far have run. */
  known: string | undefined;
  /** Settles when the last settings statement has run (true) or failed (false). */
  pending: Promise<boolean> | undefined;
  /** Inside BEGIN … COMMIT/ROLLBACK, as sent. */
  inTransaction: boolean;
  /** Settings were sent inside the current transaction: its end may undo them. */
  setInTransaction: boolean;
}

/**
 * Follows a statement just sent on the session: transactions it begins or ends, and whether the
 * settings may have changed behind the session's back. When in doubt the settings are forgotten
 * (`known` cleared), so the next statement sends them again: a false alarm costs a Bind, a missed
 * one would run a request as the previous tenant.
 *
 * @example
 * afterStatement(state, classify('ROLLBACK')); // state.known === undefined, state.inTransaction === false
 */
export function afterStatement(state: SessionState, kind: StatementKind): void {
  if (kind.several) {
    // Any of them may begin or end a transaction or touch the settings.
    state.known = undefined;
    state.inTransaction = true; // so settings sent next count as made inside one
  } else if (kind.start) {
    state.inTransaction = true;
    state.setInTransaction = false;
  } else if (kind.end) {
    if (state.setInTransaction) state.known = undefined; // a failed COMMIT rolls back
    state.inTransaction = kind.chain;
    state.setInTransaction = false;
  } else if (kind.touchesSettings) {
    state.known = undefined;
  }
  if (kind.rollback) {
    state.known = undefined;
    // Only a ROLLBACK statement ends the transaction; ROLLBACK TO SAVEPOINT (or the word elsewhere) does not.
    if (kind.rollbackEnds) {
      state.inTransaction = kind.chain;
      state.setInTransaction = false;
    }
  }
}
