import type { StartResult } from './start';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,58}$/;

/** How to run the CLI from here: the built bin, or (in a clone before `npm run build`) through ts-node. */
export function cliCommand(): string {
  return __filename.endsWith('.ts') ? 'npx ts-node --transpile-only src/cli/main.ts' : 'npx typeorm-tenancy';
}

/** A URL fit to print: its password replaced by `****`. */
const printable = (url: URL) => {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '****';
  return copy.toString();
};

/**
 * The lines `start` prints after the doctor's summary: on PostgreSQL with a URL, why the
 * connecting-role checks failed (expected for the migration / owner role) and the exact
 * `app-role` command to run next, then the doctor command to check the new role; else nothing.
 *
 * @example
 * nextStepAfterStart(result, 'postgres://owner@db/app');
 * // ['connecting-role failed as expected: …', '  npx typeorm-tenancy app-role --url … --role app_app', …]
 */
export function nextStepAfterStart(result: Pick<StartResult, 'embedded' | 'expectedFailures' | 'unexpectedFailures' | 'report'>, url: string | undefined): string[] {
  if (result.embedded || !url || result.expectedFailures.length === 0) return [];
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const role = IDENTIFIER.test(database) ? `${database}_app` : 'app';
  const app = new URL(u.toString());
  app.username = role;
  app.password = '';
  const masked = u.password ? ' (put the password back in place of ****)' : '';
  return [
    `${result.expectedFailures.join(', ')} failed as expected: start migrates, so it connects as the migration / owner role ` +
      `(${result.report.role}), which the application must not use (it bypasses or owns the wall).`,
    `Next, create the role the application connects as${masked}:`,
    `  ${cliCommand()} app-role --url '${printable(u)}' --role ${role}`,
    '  (set APP_DB_PASSWORD to give it a password, TENANCY_SYSTEM_KEY to register a system key)',
    `then connect the application as ${role} and check it: ${cliCommand()} doctor --url '${app.toString()}'`,
    result.unexpectedFailures.length
      ? `Other checks failed too (${result.unexpectedFailures.join(', ')}): exit 1; see typeorm-tenancy doctor and docs/doctor.md.`
      : 'Exit 0: only the checks of the connecting role failed, as they must for a migration role (docs/doctor.md, Exit codes).',
  ];
}
