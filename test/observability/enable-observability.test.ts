import { randomBytes } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { registerSystemKey } from '../../src/dialect/postgres-app-role';
import { Tenant } from '../../src/entities/tenant.entity';
import { enableTenantObservability } from '../../src/observability';
import { withoutTenantScope, withTenant } from '../../src/tenancy';
import { createTenant } from '../../src/testing';
import { uuidv7 } from '../../src/uuid';
import { describeEachDatabase } from '../support/scratch-database';

/** A TypeORM logger that keeps every line it is given. */
class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  logQuery(query: string) { this.lines.push(query); }
  logQueryError(_e: unknown, query: string) { this.lines.push(query); }
  logQuerySlow(_t: number, query: string) { this.lines.push(query); }
  logSchemaBuild(message: string) { this.lines.push(message); }
  logMigration(message: string) { this.lines.push(message); }
  log(_l: string, message: unknown) { this.lines.push(String(message)); }
}

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
afterAll(() => {
  trace.disable();
  context.disable();
});

/** The text of the statement that asks for it, as the server saw it (its own process list). */
const OWN_STATEMENT = {
  postgres: 'SELECT current_query() AS text',
  mysql: 'SELECT INFO AS text FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()',
};

describeEachDatabase('enableTenantObservability', {}, (db, target) => {
  const systemKey = randomBytes(32).toString('base64url');
  const actor = uuidv7();
  const logger = new CapturingLogger();
  let ds: DataSource;
  let tenant: Tenant;
  const ownStatement = async (): Promise<string> => ((await ds.query(OWN_STATEMENT[target.family])) as Array<{ text: string }>)[0].text;

  beforeAll(async () => {
    const pg = target.family === 'postgres';
    if (pg) await registerSystemKey(db().dataSource, systemKey, 'observability test');
    ds = await db().open({
      migrations: [],
      tenancy: pg ? { rowLevelSecurity: { systemKey } } : {},
      extra: { logger } as Partial<DataSourceOptions>,
    });
    enableTenantObservability(ds, { sqlComments: true });
    tenant = await createTenant(ds);
  });

  it('tags each statement with the tenant and actor: in the log line and as the server saw it', async () => {
    logger.lines.length = 0;
    const seen = await withTenant(tenant.id, async () => {
      await ds.getRepository(Tenant).findOneBy({ id: tenant.id });
      return ownStatement();
    }, { actorId: actor });
    const comment = `/*actor_id='${actor}',tenant_id='${tenant.id}',tenant_scope='tenant'*/`;
    expect(seen).toContain(comment);
    const select = logger.lines.find((l) => /FROM\s+"?`?tenants/.test(l));
    expect(select).toContain(comment);
  });

  it('system work is tagged as such, with no tenant and never the system key', async () => {
    logger.lines.length = 0;
    const seen = await withoutTenantScope(async () => {
      await ds.getRepository(Tenant).count();
      return ownStatement();
    });
    expect(seen).toContain(`/*tenant_scope='system'*/`);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of [...logger.lines, seen]) expect(line).not.toContain(systemKey);
  });

  it('outside any context the statements are sent and logged exactly as plain TypeORM sends them', async () => {
    logger.lines.length = 0;
    const seen = await ownStatement();
    expect(seen.trim()).toBe(OWN_STATEMENT[target.family]);
    expect(logger.lines).toEqual([OWN_STATEMENT[target.family]]);
  });

  it('every isolation level still works with tagged transaction statements', async () => {
    for (const level of ['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'] as const) {
      const count = await withTenant(tenant.id, () => ds.transaction(level, (m) => m.getRepository(Tenant).countBy({ id: tenant.id })));
      expect([level, count]).toEqual([level, 1]);
    }
    expect(logger.lines.some((l) => /^(START TRANSACTION|BEGIN)\b.*tenant_scope='tenant'/.test(l))).toBe(true);
  });

  it("puts the tenant on the active span and tags migration and schema lines", async () => {
    exporter.reset();
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('request', async (span) => {
      await withTenant(tenant.id, () => ds.getRepository(Tenant).findOneBy({ id: tenant.id }), { actorId: actor });
      span.end();
    });
    const [request] = exporter.getFinishedSpans();
    expect(request.attributes).toEqual({ 'tenant.scope': 'tenant', 'tenant.id': tenant.id, 'enduser.id': actor });
    logger.lines.length = 0;
    withTenant(tenant.id, () => ds.logger.logMigration('applied'));
    expect(logger.lines).toEqual([`[tenant=${tenant.id}] applied`]);
  });

  it('refuses a second call on the same DataSource', () => {
    expect(() => enableTenantObservability(ds)).toThrow(expect.objectContaining({ code: 'TENANCY_SETUP_UNSUPPORTED' }));
  });
});
