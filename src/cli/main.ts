#!/usr/bin/env node
import 'reflect-metadata';
import { appRoleCommand } from './app-role-command';
import { doctorCommand } from './doctor/doctor-command';
import { start } from './start';

const usage = [
  'usage: typeorm-tenancy start [--url <database-url>]',
  '       typeorm-tenancy doctor [--url <database-url>] [--json]',
  '       typeorm-tenancy app-role --role <name> [--url <owner-postgres-url>] [--print]',
].join('\n');

/** Flags of `doctor`, or the reason they are not usable. */
function parseDoctorFlags(args: string[]): { url?: string; json: boolean } | string {
  const flags: { url?: string; json: boolean } = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') flags.json = true;
    else if (arg === '--url' && args[i + 1] && !args[i + 1].startsWith('--')) flags.url = args[++i];
    else if (arg.startsWith('--url=') && arg.length > '--url='.length) flags.url = arg.slice('--url='.length);
    else return arg === '--url' ? '--url needs a database URL' : `unknown argument '${arg}'`;
  }
  return flags;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const urlIndex = rest.indexOf('--url');
      await start({ url: urlIndex >= 0 ? rest[urlIndex + 1] : undefined });
      return 0;
    }
    case 'doctor': {
      const flags = parseDoctorFlags(rest);
      if (typeof flags === 'string') {
        console.error(`typeorm-tenancy doctor: ${flags}\n${usage}`);
        return 2;
      }
      // NO_COLOR (https://no-color.org): any non-empty value turns colours off.
      const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      return doctorCommand({ ...flags, colour });
    }
    case 'app-role': {
      const at = rest.indexOf('--role');
      const urlAt = rest.indexOf('--url');
      return appRoleCommand({
        role: at >= 0 ? rest[at + 1] : undefined,
        url: urlAt >= 0 ? rest[urlAt + 1] : undefined,
        print: rest.includes('--print'),
      });
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `typeorm-tenancy: ${error.message}` : error);
    process.exit(1);
  },
);
