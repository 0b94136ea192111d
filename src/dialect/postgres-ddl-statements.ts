import type { ColumnInfo } from './catalog/catalog-types';
import { bareIdentifier, splitTopLevel, type DdlFact, type DdlStatementReader, type ReadStatement } from './ddl-statements';
import { pgIdentifier } from './postgres-sql';

const ID = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const TABLE = String.raw`(${ID}(?:\s*\.\s*${ID})?)`;
const table = (written: string) => bareIdentifier(written.replace(/\s+/g, ''), true);
const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A `lock_timeout` value (`'2s'`, `2000`, `'1min'`) in ms; 0 for none or DEFAULT. */
function durationMs(value: string): number {
  const v = value.trim().replace(/^'(.*)'$/s, '$1').trim();
  const m = /^(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?$/i.exec(v);
  return m ? Number(m[1]) * UNITS[(m[2] ?? 'ms').toLowerCase()] : 0;
}

/** `SET [LOCAL|SESSION] lock_timeout = …`, `RESET lock_timeout`, `SELECT set_config('lock_timeout', …)` (what withLockTimeout sends). */
function lockTimeout(s: string, parameters: readonly unknown[]): number | undefined {
  const set = /^SET\s+(?:LOCAL\s+|SESSION\s+)?lock_timeout\s*(?:=|TO)\s*([\s\S]+)$/i.exec(s);
  if (set) return durationMs(set[1]);
  if (/^RESET\s+lock_timeout$/i.test(s)) return 0;
  const call = /^SELECT\s+(?:pg_catalog\.)?set_config\s*\(([\s\S]*)\)/i.exec(s);
  if (!call) return undefined;
  const args = splitTopLevel(call[1]).map((a) => {
    const p = /^\$(\d+)$/.exec(a);
    return p ? String(parameters[Number(p[1]) - 1]) : a.replace(/^'(.*)'$/s, '$1');
  });
  return args[0] === 'lock_timeout' ? durationMs(args[1] ?? '') : undefined;
}

/** One action of ALTER TABLE: what it builds or changes. */
function alterAction(name: string, action: string): DdlFact | null {
  if (/^ADD\s+(?:CONSTRAINT\s+\S+\s+)?(?:UNIQUE|PRIMARY\s+KEY|EXCLUDE)\b/i.test(action)) {
    return /\bUSING\s+INDEX\b/i.test(action) ? null : { table: name, kind: 'index-build', online: false };
  }
  const add = new RegExp(String.raw`^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${ID})\s+([\s\S]*)$`, 'i').exec(action);
  if (add && !/^(CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|EXCLUDE)$/i.test(add[1])) {
    const def = add[2];
    const notNull = /\bNOT\s+NULL\b/i.test(def) && !/\b(DEFAULT|GENERATED)\b/i.test(def);
    return notNull ? { table: name, kind: 'not-null-column', column: bareIdentifier(add[1], true) } : null;
  }
  const type = new RegExp(String.raw`^ALTER\s+(?:COLUMN\s+)?(${ID})\s+(?:SET\s+DATA\s+)?TYPE\b`, 'i').exec(action);
  return type ? { table: name, kind: 'type-change', column: bareIdentifier(type[1], true) } : null;
}

/** ALTER TABLE actions that take no lock blocking reads and writes. */
const WEAK_ACTION = /^(VALIDATE\s+CONSTRAINT\b|ALTER\s+(?:COLUMN\s+)?\S+\s+SET\s+STATISTICS\b|SET\s*\(\s*(?:autovacuum|toast)\w*)/i;

function read(sql: string, parameters: readonly unknown[]): ReadStatement {
  const s = sql.trim().replace(/;\s*$/, '');
  const timeout = lockTimeout(s, parameters);
  if (timeout !== undefined) return { facts: [], strongLocks: [], lockTimeoutMs: timeout };
  const index = new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:${ID}\s+)?ON\s+(?:ONLY\s+)?${TABLE}`, 'i').exec(s);
  if (index) {
    const name = table(index[2]);
    return { facts: [{ table: name, kind: 'index-build', online: Boolean(index[1]) }], strongLocks: index[1] ? [] : [name] };
  }
  const alter = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${TABLE}\s+([\s\S]+)$`, 'i').exec(s);
  if (alter) {
    const name = table(alter[1]);
    const actions = splitTopLevel(alter[2]);
    const facts = actions.map((a) => alterAction(name, a)).filter((f): f is DdlFact => f !== null);
    return { facts, strongLocks: actions.every((a) => WEAK_ACTION.test(a)) ? [] : [name] };
  }
  const many = new RegExp(String.raw`^(?:DROP\s+TABLE|TRUNCATE)\s+(?:TABLE\s+)?(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\s\S]+?)(?:\s+(?:CASCADE|RESTRICT|RESTART\s+IDENTITY|CONTINUE\s+IDENTITY))*$`, 'i').exec(s);
  if (many) return { facts: [], strongLocks: splitTopLevel(many[1]).map(table) };
  const on = new RegExp(String.raw`^(?:LOCK\s+(?:TABLE\s+)?(?:ONLY\s+)?|(?:CREATE|ALTER|DROP)\s+POLICY\s+(?:IF\s+EXISTS\s+)?${ID}\s+ON\s+|CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+${ID}\s+[\s\S]*?\bON\s+)${TABLE}`, 'i').exec(s);
  if (on) return { facts: [], strongLocks: [table(on[1])] };
  return { facts: [], strongLocks: [] };
}

/** `character varying(n)` → n, unbounded → Infinity; null when not a varchar. */
const varcharLength = (type: string) => {
  const m = /^character varying(?:\((\d+)\))?$/.exec(type);
  return m ? (m[1] ? Number(m[1]) : Infinity) : null;
};

/**
 * PostgreSQL: a type change rewrites the table unless it is binary-coercible without a check:
 * varchar widened (or to text / unbounded), text to unbounded varchar, numeric's precision raised
 * at the same scale (or unconstrained).
 */
function rewritesTable(before: ColumnInfo, after: ColumnInfo): boolean {
  if (before.type === after.type) return false;
  const from = varcharLength(before.type);
  const to = varcharLength(after.type);
  if (from !== null && (after.type === 'text' || (to !== null && to >= from))) return false;
  if (before.type === 'text' && to === Infinity) return false;
  const num = (t: string) => /^numeric(?:\((\d+),(\d+)\))?$/.exec(t);
  const a = num(before.type);
  const b = num(after.type);
  if (a && b) return !(b[1] === undefined || (a[1] !== undefined && Number(b[1]) >= Number(a[1]) && b[2] === a[2]));
  return true;
}

/**
 * The PostgreSQL statement reader of `typeorm-tenancy lint` (server and PGlite).
 *
 * @example
 * postgresDdlStatements.read('CREATE INDEX CONCURRENTLY i ON orders (a)', []).facts[0].online; // true
 */
export const postgresDdlStatements: DdlStatementReader = {
  read,
  rewritesTable,
  createDatabase: async (source, name) => {
    await source.query(`CREATE DATABASE ${pgIdentifier(name)}`);
  },
  dropDatabase: async (source, name) => {
    await source.query(`DROP DATABASE IF EXISTS ${pgIdentifier(name)} WITH (FORCE)`);
  },
  sessionLockTimeoutMs: async (source) => {
    const [{ value }] = (await source.query("SELECT current_setting('lock_timeout') AS value")) as Array<{ value: string }>;
    return durationMs(value);
  },
  isEmbedded: async (source) => {
    const [{ version }] = (await source.query('SELECT version() AS version')) as Array<{ version: string }>;
    return /PGlite/i.test(version);
  },
};
