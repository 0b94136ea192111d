#!/usr/bin/env node
import 'reflect-metadata';
import { COMMAND_FLAGS, parseCommandArgs, type CommandName, type ParsedFlags } from './parse-args';

const usage = [
  'usage: typeorm-tenancy start [--url <database-url>]',
  '       typeorm-tenancy doctor [--url <database-url>] [--json]',
  '       typeorm-tenancy app-role --role <name> [--url <owner-postgres-url>] [--print [--citus]]',
  '       typeorm-tenancy migrate [-d <DataSource file> | --url <database-url>] [--dry-run] [--json]',
  '       typeorm-tenancy revert [-d <DataSource file> | --url <database-url>] (--steps <N> | --to <migration>) [--dry-run] [--json]',
  '       typeorm-tenancy rehearse --url <scratch-database-url> [-d <DataSource file>] [--force]',
  '       typeorm-tenancy lint [-d <DataSource file>] [--url <database-url>] [--large-rows <n>] [--json]',
  '       typeorm-tenancy distribute [--url <citus-coordinator-url>] [--dry-run] [--batch <n>]',
  '       typeorm-tenancy vschema [--keyspace <name>] [--global-keyspace <name>] [--vindex xxhash|binary_md5]',
  'Every value flag may be given as --flag value or --flag=value; without --url, DATABASE_URL, else the embedded',
  'PostgreSQL under ./.data. Exit codes: 0 done, 1 failed (start: a check other than the connecting role\'s), 2 usage.',
  'migrate: 0 when every migration ran and the doctor failed only the connecting role\'s checks, 1 when a migration or',
  'another check failed. revert: --to X keeps X applied; 1 when a down() failed (e.g. TABLE_HOLDS_ROWS), 2 when the',
  'request cannot be met (nothing reverted). rehearse: 1 when a phase failed. --dry-run changes nothing (docs/deploying.md).',
].join('\n');

/**
 * Runs one command. Its arguments are parsed first, the same way for every command (parse-args):
 * anything unknown stops here with the usage and exit 2, before anything connects or migrates.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(usage);
    return 0;
  }
  if (!command || !Object.hasOwn(COMMAND_FLAGS, command)) {
    console.error(`${command ? `typeorm-tenancy: unknown command '${command}'\n` : ''}${usage}`);
    return 2;
  }
  const flags = parseCommandArgs(command as CommandName, rest);
  if (typeof flags === 'string') {
    console.error(`typeorm-tenancy ${command}: ${flags}\n${usage}`);
    return 2;
  }
  return run(command as CommandName, flags);
}

/** The commands are loaded only once the arguments are known to be good: a usage error answers at once. */
async function run(command: CommandName, flags: ParsedFlags): Promise<number> {
  const url = flags.url as string | undefined;
  switch (command) {
    case 'start': {
      const { runStart, startExitCode } = await import('./start');
      return startExitCode(await runStart({ url }));
    }
    case 'doctor': {
      const { doctorCommand } = await import('./doctor/doctor-command');
      // NO_COLOR (https://no-color.org): any non-empty value turns colours off.
      const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      return doctorCommand({ url, json: flags.json === true, colour });
    }
    case 'migrate': {
      const { migrateCommand } = await import('./migrate/migrate-command');
      return migrateCommand({ url, dataSourceFile: flags['data-source'] as string | undefined, dryRun: flags['dry-run'] === true, json: flags.json === true });
    }
    case 'revert': {
      if ((flags.steps === undefined) === (flags.to === undefined)) {
        console.error(`typeorm-tenancy revert: give exactly one of --steps <N> and --to <migration name>\n${usage}`);
        return 2;
      }
      const { revertCommand } = await import('./migrate/revert-command');
      const common = { url, dataSourceFile: flags['data-source'] as string | undefined, dryRun: flags['dry-run'] === true, json: flags.json === true };
      return revertCommand({ ...common, steps: flags.steps as string | undefined, to: flags.to as string | undefined });
    }
    case 'rehearse': {
      if (!url) {
        console.error(`typeorm-tenancy rehearse: --url <scratch database url> is required (rehearse reverts what it applies)\n${usage}`);
        return 2;
      }
      const { rehearseCommand } = await import('./migrate/rehearse');
      return rehearseCommand({ url, dataSourceFile: flags['data-source'] as string | undefined, force: flags.force === true });
    }
    case 'app-role': {
      const { appRoleCommand } = await import('./app-role-command');
      return appRoleCommand({ role: flags.role as string | undefined, url, print: flags.print === true, citus: flags.citus === true });
    }
    case 'distribute': {
      const batchSize = flags.batch === undefined ? undefined : Number(flags.batch);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
        console.error(`typeorm-tenancy distribute: --batch needs a whole number of foreign keys above 0, got '${flags.batch}'\n${usage}`);
        return 2;
      }
      const { distributeCommand } = await import('./distribute/distribute-command');
      return distributeCommand({ url, dryRun: flags['dry-run'] === true, batchSize });
    }
    case 'lint': {
      const largeRows = flags['large-rows'] === undefined ? undefined : Number(flags['large-rows']);
      if (largeRows !== undefined && !(Number.isInteger(largeRows) && largeRows >= 0)) {
        console.error(`typeorm-tenancy lint: --large-rows needs a whole number of rows, got '${flags['large-rows']}'\n${usage}`);
        return 2;
      }
      const { lintCommand } = await import('./lint/lint-command');
      const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const dataSourceFile = flags['data-source'] as string | undefined;
      return lintCommand({ dataSourceFile, url, largeTableRows: largeRows, json: flags.json === true, colour });
    }
    case 'vschema': {
      const { vschemaCommand } = await import('./vschema-command');
      return vschemaCommand({ keyspace: flags.keyspace as string | undefined, globalKeyspace: flags['global-keyspace'] as string | undefined, vindex: flags.vindex as string | undefined });
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `typeorm-tenancy: ${error.message}` : error);
    process.exit(1);
  },
);
