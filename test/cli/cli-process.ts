import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `typeorm-tenancy <args>` (src/cli/main.ts through ts-node) as a process in `cwd`, without
 * DATABASE_URL or TENANCY_SYSTEM_KEY from the test's environment.
 */
export function cliIn(cwd: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') };
  delete env.DATABASE_URL;
  delete env.TENANCY_SYSTEM_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(ROOT, 'node_modules/ts-node/register/transpile-only'), join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

