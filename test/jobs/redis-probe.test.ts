import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** Runs the test harness's global setup (database, PgBouncer and Redis probes) in a child process. */
function probe(env: Record<string, string>) {
  const script = `require('reflect-metadata'); require('./test/support/global-setup').default().then(() => console.log('down=' + process.env.TENANCY_TEST_UNAVAILABLE))`;
  return run(join(root, 'node_modules/.bin/ts-node'), ['--transpile-only', '-e', script], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
}

describe('Redis probe of the test harness (the BullMQ job suites)', () => {
  const unreachable = { TEST_REDIS_URL: 'redis://127.0.0.1:1' };

  it('in CI an unreachable Redis fails the run (the job suites are not skipped)', async () => {
    await expect(probe({ ...unreachable, CI: 'true' })).rejects.toMatchObject({ stderr: expect.stringMatching(/CI requires Redis\. redis at redis:\/\/127\.0\.0\.1:1 is unreachable/) });
  }, 70_000);

  it('outside CI it skips the job suites with a loud notice', async () => {
    const { stdout, stderr } = await probe({ ...unreachable, CI: '' });
    expect(stdout).toMatch(/down=(.*,)?redis$/m);
    expect(stderr).toMatch(/BullMQ job suites are SKIPPED/);
  }, 70_000);
});
