import type { Logger } from 'typeorm';
import { contextTag, sqlComment, tagStatement, TenantContextLogger, tenantContextFields } from '../../src/observability';
import { withoutTenantScope, withTenant } from '../../src/tenancy';
import { uuidv7 } from '../../src/uuid';

const tenant = uuidv7();
const actor = uuidv7();

function capture(): { logger: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  const keep = (name: string) => (...args: unknown[]) => void lines.push([name, ...args]);
  return {
    lines,
    logger: { logQuery: keep('query'), logQueryError: keep('error'), logQuerySlow: keep('slow'), logSchemaBuild: keep('schema'), logMigration: keep('migration'), log: keep('log') },
  };
}

describe('TenantContextLogger', () => {
  it('ends query lines with the tenant and actor, starts other lines with them, and passes the rest through', () => {
    const { logger, lines } = capture();
    const log = new TenantContextLogger(logger, { spans: false });
    withTenant(tenant, () => {
      log.logQuery('SELECT 1', [1]);
      log.logQueryError('boom', 'SELECT 2');
      log.logQuerySlow(900, 'SELECT 3');
      log.logSchemaBuild('built');
      log.log('warn', 'careful');
      log.log('info', { structured: true });
    }, { actorId: actor });
    const tag = `tenant=${tenant} actor=${actor}`;
    expect(lines).toEqual([
      ['query', `SELECT 1 -- ${tag}`, [1], undefined],
      ['error', 'boom', `SELECT 2 -- ${tag}`, undefined, undefined],
      ['slow', 900, `SELECT 3 -- ${tag}`, undefined, undefined],
      ['schema', `[${tag}] built`, undefined],
      ['log', 'warn', `[${tag}] careful`, undefined],
      ['log', 'info', { structured: true }, undefined],
    ]);
  });

  it('says system for withoutTenantScope and adds nothing outside a context', () => {
    const { logger, lines } = capture();
    const log = new TenantContextLogger(logger, { spans: false });
    withoutTenantScope(() => log.logQuery('SELECT 1'));
    log.logQuery('SELECT 2');
    expect(lines.map((l) => l[1])).toEqual(['SELECT 1 -- system', 'SELECT 2']);
  });

  it('takes a tag function of the application', () => {
    const { logger, lines } = capture();
    const log = new TenantContextLogger(logger, { spans: false, tag: (f) => (f.tenantId ? `t:${f.tenantId.slice(0, 8)}` : '') });
    withTenant(tenant, () => log.logMigration('m1'));
    expect(lines).toEqual([['migration', `[t:${tenant.slice(0, 8)}] m1`, undefined]]);
  });
});

describe('sqlComment and tagStatement', () => {
  it('writes sqlcommenter comments: sorted keys, quoted values, nothing outside a context', () => {
    expect(sqlComment({ scope: 'tenant', tenantId: tenant, actorId: actor })).toBe(`/*actor_id='${actor}',tenant_id='${tenant}',tenant_scope='tenant'*/`);
    expect(sqlComment({ scope: 'system' })).toBe(`/*tenant_scope='system'*/`);
    expect(sqlComment({ scope: 'none' })).toBe('');
    expect(sqlComment({ scope: 'tenant', tenantId: "x'*/ DROP", actorId: undefined })).toBe(`/*tenant_id='x%27*%2F%20DROP',tenant_scope='tenant'*/`);
  });

  it('keeps one statement one statement: before a trailing semicolon, after a line comment on a line of its own', () => {
    const c = `/*tenant_scope='system'*/`;
    expect(tagStatement('COMMIT', c)).toBe(`COMMIT ${c}`);
    expect(tagStatement('SELECT 1;  \n', c)).toBe(`SELECT 1 ${c};`);
    expect(tagStatement('SELECT 1 -- note', c)).toBe(`SELECT 1 -- note\n${c}`);
    expect(tagStatement('SELECT 1', '')).toBe('SELECT 1');
  });

  it('contextTag and tenantContextFields agree with the context', () => {
    expect(withTenant(tenant, () => contextTag(tenantContextFields()))).toBe(`tenant=${tenant}`);
    expect(contextTag(tenantContextFields())).toBe('');
  });
});
