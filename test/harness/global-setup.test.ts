import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** Runs the test harness's database probe in a child process with the given environment. */
function probe(env: Record<string, string>) {
  const script = `require('reflect-metadata'); require('./test/support/global-setup').default().then(() => console.log('down=' + process.env.TENANCY_TEST_UNAVAILABLE))`;
  return run(join(root, 'node_modules/.bin/ts-node'), ['--transpile-only', '-e', script], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
}

describe('database probe of the test harness', () => {
  const unreachable = { TEST_PG_URL: 'postgres://postgres@127.0.0.1:1/test' };

  it('in CI an unreachable server fails the run', async () => {
    await expect(probe({ ...unreachable, CI: 'true' })).rejects.toMatchObject({ stderr: expect.stringMatching(/CI requires every database/) });
  });

  it('outside CI it skips that server with a loud notice', async () => {
    const { stdout, stderr } = await probe({ ...unreachable, CI: '' });
    expect(stdout).toContain('down=postgres');
    expect(stderr).toMatch(/SKIPPED/);
  });
});
