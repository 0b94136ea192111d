/**
 * What the tenant session needs to know about a statement's text without parsing SQL: whether it
 * is transaction control, may end or roll back a transaction, or may touch the settings. Every
 * test errs on the safe side: a false match only costs sending the settings again.
 *
 * @example
 * classify('COMMIT').control; // true
 */

/** Transaction control: touches no rows, so (as a statement of its own) it needs no settings. */
const TRANSACTION_CONTROL = /^(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;
const TRANSACTION_START = /^(begin|start\s+transaction)\b/i;
/** Ends a transaction, which undoes a `set_config` made inside it if it does not commit. */
const TRANSACTION_END = /^(commit|end|prepare\s+transaction)\b/i;
/** Rolls back (all or to a savepoint): searched anywhere, so no comment or prefix can hide it. */
const ROLLBACK = /\b(rollback|abort)\b/i;
/** A ROLLBACK/ABORT statement that ends the transaction (not ROLLBACK TO SAVEPOINT / PREPARED). */
const ROLLBACK_ENDS = /^(rollback|abort)\b(?!\s+(to|prepared)\b)/i;
/** COMMIT/ROLLBACK AND CHAIN: ends the transaction and starts the next one at once. */
const CHAIN = /\band\s+chain\b/i;
/** May change the settings directly: RESET/DISCARD/SET, set_config, or any text naming them. */
const TOUCHES_SETTINGS_HEAD = /^(reset|discard|set)\b/i;
const TOUCHES_SETTINGS = /set_config|app\.tenant/i;
/** Drops prepared statements (ours included); searched anywhere, like ROLLBACK. */
const DROPS_STATEMENTS = /\b(discard|deallocate)\b/i;
/**
 * May change what an existing object returns, so plans of prepared statements may go stale: at the
 * head, or anywhere among several. A plain CREATE makes something new, which no plan refers to.
 */
const SCHEMA_CHANGE_HEAD = /^(alter|drop|create\s+or\s+replace)\b/i;
const SCHEMA_CHANGE = /\b(alter|drop|create\s+or\s+replace)\b/i;
/** Leading blanks and comments (QueryBuilder.comment() puts one first). */
const LEADING_NOISE = /^(?:\s+|\/\*[\s\S]*?\*\/|--[^\n]*(?:\n|$))*/;
/** More than one statement: a `;` with text after it (a `;` inside a literal counts too: harmless). */
const SEVERAL = /;\s*\S/;

/** What a statement text may do to a session. */
export interface StatementKind {
  /** Holds more than one statement: any of them may begin/end a transaction or touch settings. */
  readonly several: boolean;
  /** A single transaction-control statement (BEGIN, COMMIT, SAVEPOINT, …). */
  readonly control: boolean;
  /** BEGIN / START TRANSACTION. */
  readonly start: boolean;
  /** COMMIT / END / PREPARE TRANSACTION. */
  readonly end: boolean;
  /** A rollback anywhere in the text. */
  readonly rollback: boolean;
  /** A single ROLLBACK/ABORT statement, which ends the transaction. */
  readonly rollbackEnds: boolean;
  /** AND CHAIN: the ended transaction is followed by a new one at once. */
  readonly chain: boolean;
  /** May change the settings (RESET, DISCARD, SET, set_config, the setting names). */
  readonly touchesSettings: boolean;
  /** May drop prepared statements (DISCARD, DEALLOCATE). */
  readonly dropsStatements: boolean;
  /** May change the schema (ALTER, DROP, CREATE OR REPLACE), which can change a prepared statement's result type. */
  readonly changesSchema: boolean;
}

function analyse(text: string): StatementKind {
  const several = SEVERAL.test(text);
  const head = several ? '' : text.replace(LEADING_NOISE, '');
  const rollback = ROLLBACK.test(text);
  return Object.freeze({
    several,
    control: !several && TRANSACTION_CONTROL.test(head),
    start: !several && TRANSACTION_START.test(head),
    end: !several && TRANSACTION_END.test(head),
    rollback,
    rollbackEnds: !several && ROLLBACK_ENDS.test(head),
    chain: !several && CHAIN.test(head),
    touchesSettings: (!several && TOUCHES_SETTINGS_HEAD.test(head)) || TOUCHES_SETTINGS.test(text),
    dropsStatements: DROPS_STATEMENTS.test(text),
    changesSchema: several ? SCHEMA_CHANGE.test(text) : SCHEMA_CHANGE_HEAD.test(head),
  });
}

/** Texts repeat (an ORM sends the same few hundred shapes): remember the last ones. */
const MEMO_SIZE = 512;
/** Longer texts (bulk statements, inlined data) are analysed each time, never kept: memory stays bounded. */
const MEMO_MAX_TEXT = 8192;
const memo = new Map<string, StatementKind>();

/**
 * Classifies a statement text (memoized up to 512 texts of at most 8 KiB: the same text is scanned once).
 *
 * @example
 * classify('/* tx *\/ ROLLBACK').rollbackEnds; // true
 * classify('BEGIN; SELECT 1').several;         // true
 */
export function classify(text: string): StatementKind {
  if (text.length > MEMO_MAX_TEXT) return analyse(text);
  let kind = memo.get(text);
  if (kind === undefined) {
    kind = analyse(text);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(text, kind);
  }
  return kind;
}
