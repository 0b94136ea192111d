import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type Run } from './scratch-app';

/**
 * A script the scratch application runs against the installed tarball: what the core entry loads of
 * the library's own subpaths (nothing of the CLI, the integrations, the test helpers or the
 * observability layer), and that `typeorm-tenancy/cli`, `/testing`, `/observability` (without
 * `@opentelemetry/api` installed) and `/nest` (with its peers) resolve and share the core's error
 * classes. One `RESULT {json}` line.
 */
const SUBPATHS_PROBE = String.raw`
require('reflect-metadata');
const tenancy = require('typeorm-tenancy');
const own = (dirs) => Object.keys(require.cache).filter((f) => new RegExp('[\\\\/]typeorm-tenancy[\\\\/]dist[\\\\/](' + dirs + ')[\\\\/]').test(f)).length;
const coreLoaded = own('cli|nest|testing|observability|jobs|http|express|fastify');
const cli = require('typeorm-tenancy/cli');
const testing = require('typeorm-tenancy/testing');
const observability = require('typeorm-tenancy/observability');
const lines = [];
const logger = new observability.TenantContextLogger({ logQuery: (q) => lines.push(q) });
const t = require('node:crypto').randomUUID();
tenancy.withTenant(t, () => logger.logQuery('SELECT 1'));
let nest;
try { nest = require('typeorm-tenancy/nest'); } catch (error) { nest = { error: String(error.message).split('\n')[0] }; }
console.log('RESULT ' + JSON.stringify({
  coreLoaded,
  cli: ['runDoctor', 'createDataSource', 'doctorCommand', 'appRoleCommand'].filter((k) => typeof cli[k] !== 'function'),
  testing: ['openTestDatabase', 'createTenant', 'asTenant', 'expectOnlyTenant', 'installContextLeakCheck'].filter((k) => typeof testing[k] !== 'function'),
  observability: ['enableTenantObservability', 'TenantContextLogger', 'tenantContextFields', 'annotateActiveSpan'].filter((k) => typeof observability[k] !== 'function'),
  otelLoaded: Object.keys(require.cache).filter((f) => /node_modules[\\/]@opentelemetry[\\/]/.test(f)).length,
  logged: lines[0] === 'SELECT 1 -- tenant=' + t,
  nest: nest.error ?? ['TenancyModule', 'TenantMiddleware', 'TenancyExceptionFilter', 'tenancyDataSourceFactory', 'ClsServiceStore'].filter((k) => typeof nest[k] !== 'function'),
  sameErrors: testing.TenancyError === tenancy.TenancyError,
}));
`;

/** Writes the probe into the scratch app `dir` and runs it; returns the parsed RESULT line. */
export function runSubpathsProbe(dir: string): { run: Run; result: unknown } {
  writeFileSync(join(dir, 'subpaths-probe.js'), SUBPATHS_PROBE);
  const outcome = run(process.execPath, ['subpaths-probe.js'], dir);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { run: outcome, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined };
}
