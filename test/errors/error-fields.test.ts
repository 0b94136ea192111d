import { inspect } from 'node:util';
import {
  EntityNotObjectError,
  RowLevelSecurityError,
  TenancyError,
  TenantMismatchError,
  UnsafeEntityKeyError,
} from '../../src/errors';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f70ffff';

/** Every way an app or logger commonly turns an error into text or a response body. */
const renderings = (error: Error) => [
  error.message,
  String(error),
  JSON.stringify(error),
  JSON.stringify({ ...error }),
  JSON.stringify(Object.assign({}, error)),
  inspect(error),
  inspect(error, { depth: 5 }),
  Object.keys(error).join(','),
];

describe('errors leak nothing', () => {
  it('TenantMismatchError names no tenant in any rendering; the ids stay readable as hidden diagnostics', () => {
    const error = new TenantMismatchError('save of Note', A, B);
    for (const text of renderings(error)) {
      expect(text).not.toContain(B);
      expect(text).not.toContain(A);
    }
    expect(error.message).toMatch(/^save of Note refused: it would reach outside the current tenant, so nothing was written\. /);
    expect([error.expectedTenantId, error.actualTenantId]).toEqual([A, B]);
    expect(Object.getOwnPropertyDescriptor(error, 'actualTenantId')?.enumerable).toBe(false);
    expect(Object.getOwnPropertyDescriptor(error, 'expectedTenantId')?.enumerable).toBe(false);
    expect(error.toJSON()).toEqual({ name: 'TenantMismatchError', code: 'TENANT_MISMATCH', message: error.message });
  });

  it('the diagnostics cannot be overwritten', () => {
    const error = new TenantMismatchError('save of Note', A, B);
    expect(() => Object.assign(error, { actualTenantId: 'x' })).toThrow(TypeError);
  });

  it("RowLevelSecurityError keeps the driver's error as a non-enumerable cause, out of JSON (util.inspect prints [cause] for logs, as for any Error)", () => {
    const driver = Object.assign(new Error('new row violates row-level security policy for table "notes"'), { code: '42501', detail: `tenant ${B}` });
    const error = new RowLevelSecurityError('notes', driver);
    expect(error.cause).toBe(driver);
    expect(Object.getOwnPropertyDescriptor(error, 'cause')?.enumerable).toBe(false);
    for (const text of renderings(error).filter((t) => !t.includes('[cause]'))) expect(text).not.toContain(B);
    expect(error.toJSON()).toEqual({ name: 'RowLevelSecurityError', code: 'TENANT_POLICY_VIOLATION', message: error.message });
  });

  it('every TenancyError serializes to { name, code, message } only', () => {
    for (const error of [new EntityNotObjectError('save of Note', 'string'), new UnsafeEntityKeyError('insert into Note', '__proto__')]) {
      expect(error).toBeInstanceOf(TenancyError);
      expect(JSON.parse(JSON.stringify(error))).toEqual({ name: error.name, code: error.code, message: error.message });
    }
  });
});
