import type { ColumnInfo } from './catalog/catalog-types';
import { bareIdentifier, splitTopLevel, type DdlFact, type DdlStatementReader, type ReadStatement } from './ddl-statements';

const ID = String.raw`(?:\`(?:[^\`]|\`\`)+\`|[A-Za-z_$][\w$]*)`;
const TABLE = String.raw`(${ID}(?:\s*\.\s*${ID})?)`;
const table = (written: string) => bareIdentifier(written.replace(/\s+/g, ''));
const q = (identifier: string) => '`' + identifier.replace(/`/g, '``') + '`';

/** `ALGORITHM=INPLACE` (or INSTANT/NOCOPY) with `LOCK=NONE`; full-text indexes cannot do better than `LOCK=SHARED` (what createIndexOnline sends). */
const online = (s: string, fulltext: boolean) =>
  /\bALGORITHM\s*=?\s*(?:INPLACE|INSTANT|NOCOPY)\b/i.test(s) && new RegExp(String.raw`\bLOCK\s*=?\s*(?:NONE${fulltext ? '|SHARED' : ''})\b`, 'i').test(s);

/** `SET [SESSION] lock_wait_timeout = n, …` (what withLockTimeout sends), in ms; GLOBAL does not change this session. */
function lockTimeout(s: string): number | undefined {
  const set = /^SET\s+([\s\S]+)$/i.exec(s);
  if (!set) return undefined;
  for (const part of splitTopLevel(set[1])) {
    const m = /^(?:SESSION\s+|LOCAL\s+|@@(?:SESSION\.|LOCAL\.)?)?lock_wait_timeout\s*=\s*(\d+)$/i.exec(part);
    if (m) return Number(m[1]) * 1000;
  }
  return undefined;
}

const NOT_A_COLUMN = /^(CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|INDEX|KEY|FULLTEXT|SPATIAL|PARTITION|PERIOD|SYSTEM)$/i;

/** One action of ALTER TABLE: what it builds or changes. */
function alterAction(name: string, action: string, isOnline: boolean): DdlFact | null {
  if (/^ADD\s+(?:CONSTRAINT\s+(?:\S+\s+)?)?(?:UNIQUE|FULLTEXT|SPATIAL|INDEX|KEY|PRIMARY\s+KEY)\b/i.test(action)) {
    return { table: name, kind: 'index-build', online: isOnline || online(action, /^ADD\s+FULLTEXT\b/i.test(action)) };
  }
  const add = new RegExp(String.raw`^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${ID})\s+([\s\S]*)$`, 'i').exec(action);
  if (add && !NOT_A_COLUMN.test(add[1])) {
    const def = add[2];
    const notNull = /\bNOT\s+NULL\b/i.test(def) && !/\b(DEFAULT|AUTO_INCREMENT|GENERATED|AS)\b/i.test(def);
    return notNull ? { table: name, kind: 'not-null-column', column: bareIdentifier(add[1]) } : null;
  }
  const modify = new RegExp(String.raw`^MODIFY\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${ID})\s`, 'i').exec(action);
  if (modify) return { table: name, kind: 'type-change', column: bareIdentifier(modify[1]) };
  const change = new RegExp(String.raw`^CHANGE\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${ID})\s+(${ID})\s`, 'i').exec(action);
  return change ? { table: name, kind: 'type-change', column: bareIdentifier(change[1]), renamedTo: bareIdentifier(change[2]) } : null;
}

function read(sql: string): ReadStatement {
  const s = sql.trim().replace(/;\s*$/, '');
  const timeout = lockTimeout(s);
  if (timeout !== undefined) return { facts: [], strongLocks: [], lockTimeoutMs: timeout };
  const index = new RegExp(String.raw`^CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?${ID}\s+(?:USING\s+\w+\s+)?ON\s+${TABLE}`, 'i').exec(s);
  if (index) {
    const name = table(index[2]);
    const isOnline = online(s, /FULLTEXT/i.test(index[1] ?? ''));
    return { facts: [{ table: name, kind: 'index-build', online: isOnline }], strongLocks: isOnline ? [] : [name] };
  }
  const alter = new RegExp(String.raw`^ALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}\s+([\s\S]+)$`, 'i').exec(s);
  if (alter) {
    const name = table(alter[1]);
    const isOnline = online(alter[2], /\bADD\s+FULLTEXT\b/i.test(alter[2]));
    const facts = splitTopLevel(alter[2]).map((a) => alterAction(name, a, isOnline)).filter((f): f is DdlFact => f !== null);
    return { facts, strongLocks: isOnline ? [] : [name] };
  }
  const many = /^(?:DROP\s+(?:TEMPORARY\s+)?TABLE|TRUNCATE)\s+(?:TABLE\s+)?(?:IF\s+EXISTS\s+)?([\s\S]+?)(?:\s+(?:CASCADE|RESTRICT))?$/i.exec(s);
  if (many) return { facts: [], strongLocks: splitTopLevel(many[1]).map(table) };
  const rename = /^RENAME\s+TABLE\s+([\s\S]+)$/i.exec(s);
  if (rename) return { facts: [], strongLocks: splitTopLevel(rename[1]).map((pair) => table(pair.split(/\s+TO\s+/i)[0])) };
  const locks = /^LOCK\s+TABLES?\s+([\s\S]+)$/i.exec(s);
  if (locks) return { facts: [], strongLocks: splitTopLevel(locks[1]).map((part) => table(part.split(/\s+/)[0])) };
  const trigger = new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?${ID}\s+(?:BEFORE|AFTER)\s+\w+\s+ON\s+${TABLE}`, 'i').exec(s);
  if (trigger) return { facts: [], strongLocks: [table(trigger[1])] };
  return { facts: [], strongLocks: [] };
}

/** Bytes per character of a collation's character set. */
const bytesPerChar = (collation: string | null) =>
  !collation ? 4 : /^utf8mb4|^utf16|^utf32/.test(collation) ? 4 : /^utf8/.test(collation) ? 3 : /^ucs2/.test(collation) ? 2 : 1;
const baseType = (type: string) => type.replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1');

/**
 * MySQL family: a type change copies the table unless it is a VARCHAR widened in place (same
 * collation, and the length prefix stays one byte (at most 255 bytes) or stays two).
 */
function rewritesTable(before: ColumnInfo, after: ColumnInfo): boolean {
  if (baseType(before.type) === baseType(after.type) && before.collation === after.collation) return false;
  const len = (t: string) => /^varchar\((\d+)\)$/.exec(t);
  const a = len(before.type);
  const b = len(after.type);
  if (!a || !b || before.collation !== after.collation) return true;
  const bytes = bytesPerChar(before.collation);
  const from = Number(a[1]) * bytes;
  const to = Number(b[1]) * bytes;
  return !(to >= from && from <= 255 === to <= 255);
}

/**
 * The MySQL-family statement reader of `typeorm-tenancy lint` (MySQL and MariaDB).
 *
 * @example
 * mysqlDdlStatements.read('CREATE INDEX i ON orders (a) ALGORITHM=INPLACE LOCK=NONE', []).facts[0].online; // true
 */
export const mysqlDdlStatements: DdlStatementReader = {
  read,
  rewritesTable,
  createDatabase: async (source, name) => {
    const [row] = (await source.query(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS coll FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
    )) as Array<{ charset: string; coll: string }>;
    const like = row ? ` CHARACTER SET ${row.charset} COLLATE ${row.coll}` : '';
    await source.query(`CREATE DATABASE ${q(name)}${like}`);
  },
  dropDatabase: async (source, name) => {
    await source.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  },
  sessionLockTimeoutMs: async (source) => {
    const [{ value }] = (await source.query('SELECT @@SESSION.lock_wait_timeout AS value')) as Array<{ value: unknown }>;
    return Number(value) * 1000;
  },
  isEmbedded: async () => false,
};
