import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Outcome of one child process, with how long it took (used to size the test timeouts). */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * npm settings that change how peer dependencies resolve. They reach a child npm through the
 * environment when the tests themselves run under `npm test` or with such a user config, and
 * would turn the refusal this test proves into a warning: removed, so every install below says
 * on its command line what it asks for.
 */
const RESOLUTION_SETTINGS = /^npm_config_(legacy_peer_deps|force|strict_peer_deps|omit|include|production|only|dry_run|global|prefix|package_lock|save|install_strategy|workspaces?)$/i;

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!RESOLUTION_SETTINGS.test(key)) env[key] = value;
  env.npm_config_update_notifier = 'false';
  return { ...env, ...extra };
}

/** Runs a command to completion (no shell); never throws, the caller asserts on the outcome. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): Run {
  const started = Date.now();
  const child = spawnSync(command, args, { cwd, env: childEnv(env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (Date.now() - started) / 1000;
  if (child.error) return { status: null, stdout: '', stderr: String(child.error), seconds };
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, seconds };
}

/** `npm <args> --no-audit --no-fund` in `cwd`, against the registry (the default shared npm cache). */
export const npm = (cwd: string, ...args: string[]): Run => run('npm', [...args, '--no-audit', '--no-fund'], cwd);

/** The versions of the other peers every scratch app pins (those the library is verified with). */
export function scratchPackageJson(peers: Record<string, string>, typeorm: string): string {
  const dependencies = { typeorm, pg: peers.pg, mysql2: peers.mysql2, 'reflect-metadata': peers['reflect-metadata'], 'class-validator': peers['class-validator'] };
  return JSON.stringify({ name: 'pack-scratch-app', version: '1.0.0', private: true, dependencies }, null, 2);
}

/**
 * A plain CommonJS application of the kind the README describes: its own tenant-aware entity
 * (decorators applied by hand, no compiler), `enableTenancy` before `initialize()`, then writes
 * and reads per tenant. Prints one `RESULT {json}` line; exit 3 when enableTenancy refused, 4 on
 * any other failure.
 */
const APP = String.raw`
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const { DataSource, Entity, Column } = require('typeorm');
const tenancy = require('typeorm-tenancy');

class PackNote extends tenancy.TenantAwareEntity {}
Column({ type: 'varchar', length: 100 })(PackNote.prototype, 'title');
Entity('pack_notes')(PackNote);

const report = (result) => console.log('RESULT ' + JSON.stringify(result));
const describe = (e) => ({ name: e && e.name, code: e && e.code, message: e && e.message, isTenancyError: e instanceof tenancy.TenancyError });

async function main() {
  const mysql = process.env.DB_TYPE !== 'postgres';
  const dataSource = new DataSource({
    type: process.env.DB_TYPE, url: process.env.DB_URL, entities: [PackNote], synchronize: true,
    ...(mysql ? { timezone: 'Z' } : {}),
  });
  try {
    // The wall (row-level security) needs the bundled roles; this app proves the query-scope layer.
    tenancy.enableTenancy(dataSource, { rowLevelSecurity: false });
  } catch (error) {
    report({ refused: describe(error), initialized: dataSource.isInitialized });
    return 3;
  }
  await dataSource.initialize();
  const notes = dataSource.getRepository(PackNote);
  const a = randomUUID();
  const b = randomUUID();
  await tenancy.withTenant(a, () => notes.save([{ title: 'a1' }, { title: 'a2' }]));
  await tenancy.withTenant(b, () => notes.insert({ title: 'b1' }));
  const readByA = await tenancy.withTenant(a, () => notes.find({ order: { title: 'ASC' } }));
  const builtByB = await tenancy.withTenant(b, () => dataSource.createQueryBuilder(PackNote, 'n').getMany());
  let withoutTenant;
  try {
    withoutTenant = { rows: (await notes.find()).length };
  } catch (error) {
    withoutTenant = describe(error);
  }
  const total = await tenancy.withoutTenantScope(() => notes.count());
  await dataSource.destroy();
  report({
    readByA: readByA.map((n) => [n.title, n.tenantId === a, tenancy.isUuidV7(n.id)]),
    builtByB: builtByB.map((n) => [n.title, n.tenantId === b]),
    withoutTenant,
    total,
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => { report({ crashed: describe(error), stack: error && error.stack }); process.exit(4); },
);
`;

/** Writes the scratch application into `dir` (package.json pinning `typeorm`, and app.js). */
export function writeScratchApp(dir: string, peers: Record<string, string>, typeorm: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), scratchPackageJson(peers, typeorm));
  writeFileSync(join(dir, 'app.js'), APP);
}

/** Runs app.js against a database; returns the exit status and the parsed RESULT line. */
export function runScratchApp(dir: string, type: string, url: string): { status: number | null; result: Record<string, unknown> | undefined; run: Run } {
  const outcome = run(process.execPath, ['app.js'], dir, { DB_TYPE: type, DB_URL: url });
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { status: outcome.status, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined, run: outcome };
}
