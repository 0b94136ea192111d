import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type Run } from './scratch-app';

/**
 * A script the scratch application runs against the installed tarball, without Express or Fastify
 * installed: `typeorm-tenancy/express` and `typeorm-tenancy/fastify` resolve, share the core's error
 * classes and context, load no framework, and the core entry loads none of them. One `RESULT {json}` line.
 */
const HTTP_PROBE = String.raw`
const { randomUUID } = require('node:crypto');
const tenancy = require('typeorm-tenancy');
const coreLoadedHttp = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/](http|express|fastify)[\\/]/.test(f)).length;
const express = require('typeorm-tenancy/express');
const fastify = require('typeorm-tenancy/fastify');
const t = randomUUID();
const tenant = express.enterRequestTenant({ tenantId: t }, () => tenancy.currentTenantId());
console.log('RESULT ' + JSON.stringify({
  coreLoadedHttp,
  express: ['tenantMiddleware', 'tenancyErrorHandler', 'toHttpError', 'fromHeader', 'activeTenantCheck'].filter((k) => typeof express[k] !== 'function'),
  fastify: ['tenancyPlugin', 'tenancyErrorHandler', 'toHttpError', 'fromSubdomain', 'tenantIdBySlug'].filter((k) => typeof fastify[k] !== 'function'),
  sameErrors: express.TenancyError === tenancy.TenancyError && fastify.TenantUnresolvedError === tenancy.TenantUnresolvedError,
  sameContext: tenant === t,
  mapped: fastify.toHttpError(new tenancy.TenantMismatchError('save of Note', t, randomUUID())),
  frameworksLoaded: Object.keys(require.cache).filter((f) => /node_modules[\\/](express|fastify)[\\/]/.test(f)).length,
}));
`;

/** Writes the probe into the scratch app `dir` and runs it; returns the parsed RESULT line. */
export function runHttpProbe(dir: string): { run: Run; result: unknown } {
  writeFileSync(join(dir, 'http-probe.js'), HTTP_PROBE);
  const outcome = run(process.execPath, ['http-probe.js'], dir);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { run: outcome, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined };
}
