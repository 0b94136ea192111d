/** The flags one command accepts: those that take a value, and switches. */
export interface CommandFlags {
  readonly values: readonly string[];
  readonly switches: readonly string[];
}

/** The flags of every command of `typeorm-tenancy`, one table for the parser and the usage. */
export const COMMAND_FLAGS = {
  start: { values: ['url'], switches: [] },
  doctor: { values: ['url'], switches: ['json'] },
  'app-role': { values: ['role', 'url'], switches: ['print', 'citus'] },
  migrate: { values: ['data-source', 'url'], switches: ['dry-run', 'json'] },
  revert: { values: ['data-source', 'url', 'steps', 'to'], switches: ['dry-run', 'json'] },
  rehearse: { values: ['url', 'data-source'], switches: ['force'] },
  lint: { values: ['data-source', 'url', 'large-rows'], switches: ['json'] },
  distribute: { values: ['url', 'batch'], switches: ['dry-run'] },
  vschema: { values: ['keyspace', 'global-keyspace', 'vindex'], switches: [] },
} as const satisfies Record<string, CommandFlags>;

/** A command name of the CLI. */
export type CommandName = keyof typeof COMMAND_FLAGS;

/** The parsed flags: value flags as strings, switches as `true`. */
export type ParsedFlags = Record<string, string | true>;

const NEEDS: Record<string, string> = {
  url: 'a database URL',
  role: 'a role name',
  'data-source': 'a DataSource file',
  steps: 'a number of migrations',
  to: 'a migration name',
  'large-rows': 'a number of rows',
  batch: 'a number of foreign keys',
  keyspace: 'a keyspace name',
  'global-keyspace': 'a keyspace name',
  vindex: 'a vindex type (xxhash or binary_md5)',
};

/** One-letter spellings, as TypeORM's CLI has them (`-d ormconfig.ts`). */
const SHORT: Record<string, string> = { d: 'data-source' };

/**
 * Parses a command's arguments the same way for every command: `--name value` and `--name=value`
 * for value flags (`-d` for `--data-source`), `--name` for switches. Anything else (an unknown
 * flag, a typo such as `--urll`, a positional argument, a value flag without its value, a switch given a value) is refused before
 * anything connects or migrates.
 *
 * @returns the flags, or the reason they are not usable (the CLI prints it with the usage, exit 2).
 * @example
 * parseCommandArgs('start', ['--url=postgres://db/app']); // { url: 'postgres://db/app' }
 * parseCommandArgs('start', ['--urll', 'x']);             // "unknown argument '--urll'"
 */
export function parseCommandArgs(command: CommandName, args: readonly string[]): ParsedFlags | string {
  const spec: CommandFlags = COMMAND_FLAGS[command];
  const flags: ParsedFlags = {};
  for (let i = 0; i < args.length; i++) {
    const short = /^-([a-z])$/.exec(args[i]);
    const arg = short && SHORT[short[1]] ? `--${SHORT[short[1]]}` : args[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    if (!match || !name) return `unknown argument '${args[i]}'`;
    if (spec.switches.includes(name)) {
      if (match[2] !== undefined) return `--${name} takes no value`;
      flags[name] = true;
    } else if (spec.values.includes(name)) {
      const value = match[2] ?? (args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : undefined);
      if (!value) return `--${name} needs ${NEEDS[name] ?? 'a value'}`;
      if (flags[name] !== undefined) return `--${name} given twice`;
      flags[name] = value;
    } else {
      return `unknown argument '${args[i]}'`;
    }
  }
  return flags;
}
