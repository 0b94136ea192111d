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

/**
 * With Express and Fastify installed in the scratch app: a real server of each on localhost, the
 * packed middleware / plugin in front of a route that answers with the current tenant. One request
 * with the tenant header, one without. One `RESULT {json}` line.
 */
const HTTP_SERVERS = String.raw`
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const tenancy = require('typeorm-tenancy');
const tx = require('typeorm-tenancy/express');
const tf = require('typeorm-tenancy/fastify');
const t = randomUUID();
async function probe(base) {
  const withTenant = await fetch(base + '/whoami', { headers: { 'x-tenant-id': t } });
  const without = await fetch(base + '/whoami');
  return [withTenant.status, (await withTenant.json()).tenant === t, without.status, (await without.json()).error.code];
}
(async () => {
  const express = require('express');
  const app = express();
  app.use(tx.tenantMiddleware({ resolve: tx.fromHeader('x-tenant-id') }));
  app.get('/whoami', (_req, res) => res.json({ tenant: tenancy.currentTenantId() }));
  app.use(tx.tenancyErrorHandler());
  const server = await new Promise((ok) => { const s = app.listen(0, '127.0.0.1', () => ok(s)); });
  const viaExpress = await probe('http://127.0.0.1:' + server.address().port);
  server.close();
  const fastify = require('fastify')();
  fastify.setErrorHandler(tf.tenancyErrorHandler());
  await fastify.register(tf.tenancyPlugin, { resolve: tf.fromHeader('x-tenant-id') });
  fastify.get('/whoami', async () => ({ tenant: tenancy.currentTenantId() }));
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  const viaFastify = await probe(address);
  await fastify.close();
  console.log('RESULT ' + JSON.stringify({ express: viaExpress, fastify: viaFastify }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** Writes the HTTP servers script into the scratch app `dir` and runs it; returns the parsed RESULT line. */
export function runHttpServers(dir: string): { run: Run; result: unknown } {
  writeFileSync(join(dir, 'http-servers.js'), HTTP_SERVERS);
  const outcome = run(process.execPath, ['http-servers.js'], dir);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { run: outcome, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined };
}

/** Writes the probe into the scratch app `dir` and runs it; returns the parsed RESULT line. */
export function runSubpathsProbe(dir: string): { run: Run; result: unknown } {
  writeFileSync(join(dir, 'subpaths-probe.js'), SUBPATHS_PROBE);
  const outcome = run(process.execPath, ['subpaths-probe.js'], dir);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { run: outcome, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined };
}
