import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readmeExample } from '../jobs/readme-example';
import { redisConnection } from '../support/redis';
import { run, type Run } from './scratch-app';

/**
 * Scripts that a scratch application (see scratch-app.ts) runs against the installed tarball to
 * prove `typeorm-tenancy/jobs`: it resolves (also without BullMQ), shares the core's context, the
 * core entry loads none of it, BullMQ jobs run as their tenant, and the README example compiles
 * against the package with `moduleResolution` node and node16. Each prints one `RESULT {json}` line.
 */
const PROBE = String.raw`
const { randomUUID } = require('node:crypto');
const jobs = require('typeorm-tenancy/jobs');
const tenancy = require('typeorm-tenancy');
const t = randomUUID();
const data = tenancy.withTenant(t, () => jobs.tenantJobData({ n: 1 }));
let missing;
try { jobs.tenantJobData({}); } catch (e) { missing = e.code; }
console.log('RESULT ' + JSON.stringify({
  exports: Object.keys(jobs).sort(),
  version: require('typeorm-tenancy/package.json').version,
  roundTrip: jobs.runTenantJob(JSON.parse(JSON.stringify(data)), (p) => [p.n, tenancy.currentTenantId() === t]),
  missing,
  oneErrorHierarchy: new jobs.InvalidJobContextError('x') instanceof tenancy.TenancyError && jobs.InvalidJobContextError === tenancy.InvalidJobContextError,
  queueLibrariesLoaded: Object.keys(require.cache).filter((f) => /node_modules[\\/](bullmq|ioredis)[\\/]/.test(f)).length,
}));
`;

const CORE_ONLY = String.raw`
require('typeorm-tenancy');
console.log('RESULT ' + JSON.stringify(Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]jobs[\\/]|node_modules[\\/](bullmq|ioredis)[\\/]/.test(f))));
`;

const BULLMQ = String.raw`
const { randomUUID, randomBytes } = require('node:crypto');
const { Queue, Worker } = require('bullmq');
const { withTenant, currentTenantId, currentActorId } = require('typeorm-tenancy');
const { addTenantJob, tenantProcessor } = require('typeorm-tenancy/jobs');

async function main() {
  const connection = JSON.parse(process.env.REDIS_CONNECTION);
  const name = 'tt-jobs-pack-' + randomBytes(6).toString('hex');
  const queue = new Queue(name, { connection, prefix: name });
  const done = new Map();
  const worker = new Worker(name, tenantProcessor(async (p) => ({ owner: p.owner, tenant: currentTenantId(), actor: currentActorId() })), { connection, prefix: name, concurrency: 3 });
  worker.on('completed', (job, value) => done.set(job.id, value));
  try {
    const tenants = [randomUUID(), randomUUID(), randomUUID()];
    const actor = randomUUID();
    const added = [];
    for (let i = 0; i < 9; i++) added.push(await withTenant(tenants[i % 3], () => addTenantJob(queue, 'j', { owner: tenants[i % 3] }), { actorId: actor }));
    let refused;
    await addTenantJob(queue, 'j', {}).catch((e) => { refused = e.code; });
    for (let i = 0; i < 300 && done.size < added.length; i++) await new Promise((r) => setTimeout(r, 50));
    const values = added.map((j) => done.get(j.id));
    return { completed: done.size, mixed: values.filter((v) => !v || v.tenant !== v.owner || v.actor !== actor).length, refused, kept: await queue.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed', 'paused', 'prioritized') };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
main().then((r) => { console.log('RESULT ' + JSON.stringify(r)); process.exit(0); }, (e) => { console.log('RESULT ' + JSON.stringify({ crashed: String(e && e.stack) })); process.exit(4); });
`;

/** tsconfig of the README example: the scratch app's packages, this repo's compiler and Node types. */
// node10 as most apps have it (skipLibCheck); node16 also checks every declaration file (slower).
function tsconfig(moduleResolution: 'node' | 'node16'): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: moduleResolution === 'node' ? 'commonjs' : 'node16', moduleResolution,
      esModuleInterop: true, skipLibCheck: moduleResolution === 'node', experimentalDecorators: true, emitDecoratorMetadata: true, strictPropertyInitialization: false,
      typeRoots: [resolve('node_modules/@types')], types: ['node'],
    },
    files: ['readme-jobs.ts'],
  });
}

/** Writes the scripts and the README's "Background jobs" example into the scratch app `dir`. */
export function writeJobsApp(dir: string): void {
  writeFileSync(join(dir, 'jobs-probe.js'), PROBE);
  writeFileSync(join(dir, 'core-only.js'), CORE_ONLY);
  writeFileSync(join(dir, 'jobs-bullmq.js'), BULLMQ);
  writeFileSync(join(dir, 'readme-jobs.ts'), readmeExample('Background jobs'));
  writeFileSync(join(dir, 'tsconfig.node10.json'), tsconfig('node'));
  writeFileSync(join(dir, 'tsconfig.node16.json'), tsconfig('node16'));
}

/** Runs one of the scripts; returns the parsed RESULT line. */
export function runJobsScript(dir: string, script: 'jobs-probe.js' | 'core-only.js' | 'jobs-bullmq.js'): { run: Run; result: unknown } {
  const outcome = run(process.execPath, [script], dir, { REDIS_CONNECTION: JSON.stringify(redisConnection()) });
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { run: outcome, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined };
}

/** Typechecks the README example in `dir` with this repo's TypeScript. */
export function typecheckReadmeJobs(dir: string, moduleResolution: 'node10' | 'node16'): Run {
  return run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', `tsconfig.${moduleResolution}.json`], dir);
}
