/**
 * What the tenant session needs to know about a statement's text without parsing SQL: whether it
 * is transaction control, may end or roll back a transaction, or may touch the settings. Every
 * test errs on the safe side: a false match only costs sending the settings again.
 *
 * @example
 * TRANSACTION_CONTROL.test(singleStatement('COMMIT') ?? ''); // true
 */

/** Transaction control: touches no rows, so (as a statement of its own) it needs no settings. */
export const TRANSACTION_CONTROL = /^(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;
/** Starts a transaction. */
export const TRANSACTION_START = /^(begin|start\s+transaction)\b/i;
/** Ends a transaction, which undoes a `set_config` made inside it if it does not commit. */
export const TRANSACTION_END = /^(commit|end|prepare\s+transaction)\b/i;
/** Rolls back (all or to a savepoint): searched anywhere, so no comment or prefix can hide it. */
export const ROLLBACK = /\b(rollback|abort)\b/i;
/** May change the settings directly: RESET/DISCARD/SET, set_config, or any text naming them. */
export const TOUCHES_SETTINGS = /^(reset|discard|set)\b|set_config|app\.tenant/i;
/** Drops prepared statements (ours included); searched anywhere, like ROLLBACK. */
export const DROPS_STATEMENTS = /\b(discard|deallocate)\b/i;
/** Leading blanks and comments (QueryBuilder.comment() puts one first). */
const LEADING_NOISE = /^(?:\s+|\/\*[\s\S]*?\*\/|--[^\n]*(?:\n|$))*/;
/** More than one statement: a `;` with text after it (a `;` inside a literal counts too: harmless). */
const SEVERAL = /;\s*\S/;

/**
 * The first keyword onwards, or null when `text` holds several statements (or is not text).
 *
 * @example
 * singleStatement('/* tx *\/ ROLLBACK'); // 'ROLLBACK'
 * singleStatement('BEGIN; SELECT 1');    // null
 */
export function singleStatement(text: unknown): string | null {
  if (typeof text !== 'string' || SEVERAL.test(text)) return null;
  return text.replace(LEADING_NOISE, '');
}
