import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryFailedError } from 'typeorm';
import * as errors from '../../src/errors';
import { Tenant } from '../../src/entities/tenant.entity';
import { LIBRARY_ERROR_STATUSES, toHttpError } from '../../src/http';
import { withoutTenantScope } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f70ffff';

describe('toHttpError: library errors', () => {
  it('every TenancyErrorCode has a status; client errors expose code and message, server faults a generic 500', () => {
    const codes = Object.keys(LIBRARY_ERROR_STATUSES).sort();
    // Completeness is the compiler's job: LIBRARY_ERROR_STATUSES is a Record over TenancyErrorCode.
    const statuses = Object.fromEntries(codes.map((c) => [c, LIBRARY_ERROR_STATUSES[c as errors.TenancyErrorCode].status]));
    expect(statuses).toMatchObject({ TENANT_UNRESOLVED: 400, TENANT_ID_INVALID: 400, TENANT_UNKNOWN: 404, TENANT_INACTIVE: 403, TENANT_MISMATCH: 404, ENTITY_INVALID: 422, TENANT_MISSING: 500 });
    const cases: errors.TenancyError[] = [
      new errors.TenantUnresolvedError(['the x-tenant-id header']),
      new errors.InvalidTenantIdError('acme'),
      new errors.UnknownTenantError(),
      new errors.InactiveTenantError('suspended'),
      new errors.MissingTenantError('insert into Note'),
      new errors.TenancySetupError('x', 'y'),
    ];
    expect(cases.map((e) => [e.code, toHttpError(e).status, toHttpError(e).body.error.code])).toEqual([
      ['TENANT_UNRESOLVED', 400, 'TENANT_UNRESOLVED'],
      ['TENANT_ID_INVALID', 400, 'TENANT_ID_INVALID'],
      ['TENANT_UNKNOWN', 404, 'TENANT_UNKNOWN'],
      ['TENANT_INACTIVE', 403, 'TENANT_INACTIVE'],
      ['TENANT_MISSING', 500, 'INTERNAL_ERROR'],
      ['TENANCY_SETUP_UNSUPPORTED', 500, 'INTERNAL_ERROR'],
    ]);
    expect(toHttpError(cases[4])).toEqual({ status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' } }, reason: 'TENANT_MISSING', serverFault: true });
  });

  it("docs/http.md's status table names every code, each in the row of its status", () => {
    const rows = readFileSync(join(__dirname, '../../docs/http.md'), 'utf8').split('\n').filter((l) => /^\| `[A-Z_]+`/.test(l));
    const documented = Object.keys(LIBRARY_ERROR_STATUSES).map((code) => {
      const row = rows.find((r) => r.split('|')[1].includes(`\`${code}\``));
      return [code, row ? Number(row.split('|')[2]) : undefined];
    });
    expect(documented).toEqual(Object.entries(LIBRARY_ERROR_STATUSES).map(([code, s]) => [code, s.status]));
  });

  it('TENANT_MISMATCH and a policy refusal (wrapped by TypeORM) are a plain 404 naming no tenant', () => {
    const mismatch = toHttpError(new errors.TenantMismatchError('save of Note', A, B));
    const policy = new QueryFailedError('INSERT …', [A, B], new errors.RowLevelSecurityError('notes', new Error(`tenant ${B}`)));
    for (const mapped of [mismatch, toHttpError(policy)]) {
      expect(mapped.status).toBe(404);
      expect(mapped.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
    }
    expect(toHttpError(policy).reason).toBe('TENANT_POLICY_VIOLATION');
  });

  it('unknown errors are a generic 500; framework 4xx errors keep their status; http-errors messages only when exposed', () => {
    expect(toHttpError(new Error(`boom ${B}`))).toEqual({ status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' } }, reason: 'UNKNOWN', serverFault: true });
    expect(toHttpError('x').status).toBe(500);
    expect(toHttpError(null).status).toBe(500);
    expect(toHttpError(Object.assign(new Error('Unexpected token'), { status: 400, expose: true, type: 'entity.parse.failed' })).body).toEqual({ error: { code: 'BAD_REQUEST', message: 'Unexpected token' } });
    expect(toHttpError(Object.assign(new Error(`secret ${B}`), { statusCode: 409 })).body.error.message).not.toContain(B);
    expect(toHttpError(Object.assign(new Error('x'), { statusCode: 503 })).status).toBe(500);
  });
});

/** Real driver errors, raised by each database, through the mapping: statuses per family, no SQL or values in the body. */
describeEachDatabase('toHttpError: driver errors', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db, target) => {
  const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a database error'); }, (e: unknown) => e);
  const leaks = (text: string, ...values: string[]) => values.some((v) => text.includes(v)) || /insert|select|delete|constraint|tenant_id|key \(/i.test(text);

  it('unique 409, missing parent 422, still referenced 409, check and not-null 422, invalid uuid 400 (where the column type checks it)', async () => {
    const ds = db().dataSource;
    const [t] = await seedTenants(ds, `dup-${randomUUID().slice(0, 8)}`);
    const slug = (await withoutTenantScope(() => ds.getRepository(Tenant).findOneByOrFail({ id: t }))).slug;
    const duplicate = toHttpError(await failure(ds.query(target.family === 'postgres' ? 'INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)' : 'INSERT INTO tenants (id, name, slug) VALUES (?, ?, ?)', [randomUUID(), 'X', slug])));
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'CONFLICT']);
    const orphan = randomUUID();
    const q = target.family === 'postgres' ? 'INSERT INTO notebooks (id, tenant_id, title) VALUES ($1, $2, $3)' : 'INSERT INTO notebooks (id, tenant_id, title) VALUES (?, ?, ?)';
    const missingParent = toHttpError(await failure(ds.query(q, [randomUUID(), orphan, 'x'])));
    expect([missingParent.status, missingParent.body.error.code]).toEqual([422, 'REFERENCE_NOT_FOUND']);
    // Restricting keys and a check of our own (the library's tables cascade), in the same syntax on both families.
    await ds.query('CREATE TABLE http_parent (id int PRIMARY KEY)');
    await ds.query('CREATE TABLE http_child (pid int NOT NULL REFERENCES http_parent (id), n int CHECK (n > 0))');
    await ds.query('INSERT INTO http_parent (id) VALUES (1)');
    await ds.query('INSERT INTO http_child (pid, n) VALUES (1, 1)');
    const referenced = toHttpError(await failure(ds.query('DELETE FROM http_parent WHERE id = 1')));
    expect([referenced.status, referenced.body.error.code]).toEqual([409, 'STILL_REFERENCED']);
    const checked = toHttpError(await failure(ds.query('INSERT INTO http_child (pid, n) VALUES (1, -1)')));
    const notNull = toHttpError(await failure(ds.query('INSERT INTO http_child (pid, n) VALUES (NULL, 1)')));
    const childless = toHttpError(await failure(ds.query('INSERT INTO http_child (pid, n) VALUES (2, 1)')));
    expect([checked, notNull, childless].map((m) => [m.status, m.body.error.code, m.reason.split(' ')[0]])).toEqual([
      [422, 'CONSTRAINT_VIOLATION', target.family === 'postgres' ? 'SQLSTATE' : 'errno'],
      [422, 'CONSTRAINT_VIOLATION', target.family === 'postgres' ? 'SQLSTATE' : 'errno'],
      [422, 'REFERENCE_NOT_FOUND', target.family === 'postgres' ? 'SQLSTATE' : 'errno'],
    ]);
    for (const m of [duplicate, missingParent, referenced]) expect(leaks(JSON.stringify(m.body), slug, orphan, t)).toBe(false);
    if (target.name !== 'mysql') {
      // CHAR(36) on type 'mysql' takes any text; uuid (PostgreSQL) and native UUID (MariaDB) refuse it.
      const invalid = toHttpError(await failure(ds.query(q, ['not-a-uuid', t, 'x'])));
      expect([target.name, invalid.status, invalid.body.error.code]).toEqual([target.name, 400, 'INVALID_INPUT']);
    }
  });
});
