import { DEFAULT_REDACTED_NAMES, REDACTED } from '../../src/audit';
import { auditValue, pinnedValue, statementCriteria } from '../../src/audit/audit-values';

const redacts = (name: string) => DEFAULT_REDACTED_NAMES.some((r) => r.test(name));

describe('audit values', () => {
  it('dates as ISO text, raw SQL as { $sql }, binary as its length, bigint as text', () => {
    expect(auditValue(new Date('2027-05-01T10:00:00Z'))).toBe('2027-05-01T10:00:00.000Z');
    expect(auditValue(() => 'views + 1')).toEqual({ $sql: 'views + 1' });
    expect(auditValue(Buffer.from('abc'))).toBe('[binary 3 bytes]');
    expect(auditValue(12n)).toBe('12');
    expect(auditValue({ a: 1 })).toEqual({ a: 1 });
  });

  it('the default names cover password, secret, token, api key, private key and credential forms', () => {
    for (const name of ['password', 'password_hash', 'passwordHash', 'passwd', 'client_secret', 'token_hash', 'accessToken', 'api_key', 'apiKey', 'private_key', 'credentials']) {
      expect([name, redacts(name)]).toEqual([name, true]);
    }
    for (const name of ['title', 'email', 'status', 'views']) expect([name, redacts(name)]).toEqual([name, false]);
  });

  it('criteria keep the parameters the WHERE uses, redacting those named like a secret or compared with a redacted column', () => {
    const where = '( "email" = :orm_param_0 AND "password_hash" = :orm_param_1 AND t.token IN (:...orm_param_2) AND x = :secretValue ) AND ( "tenant_id" = :tenancy_tenant_id )';
    const all = { orm_param_0: 'a@b.c', orm_param_1: 'h', orm_param_2: ['t1'], secretValue: 's', tenancy_tenant_id: 'T', unused: 1 };
    expect(statementCriteria(where, all, redacts)).toEqual({
      where,
      parameters: { orm_param_0: 'a@b.c', orm_param_1: REDACTED, orm_param_2: REDACTED, secretValue: REDACTED, tenancy_tenant_id: 'T' },
    });
  });

  it('criteria that are the id alone pin the row; anything more does not', () => {
    const p = { p: 'X', l: ['Y'], ll: ['Y', 'Z'], q: 'Q' };
    expect(pinnedValue('( "id" = :p ) AND ( ("tenant_id" = :t) )', p, 'id')).toBe('X');
    expect(pinnedValue('`id` IN (:...l)', p, 'id')).toBe('Y');
    expect(pinnedValue('"id" IN (:...ll)', p, 'id')).toBeUndefined();
    expect(pinnedValue('( "id" = :p AND "title" = :q ) AND ( x )', p, 'id')).toBeUndefined();
    expect(pinnedValue('"id" = :p OR "title" = :q', p, 'id')).toBeUndefined();
    expect(pinnedValue('( ( "id" = :p ) OR ( "x" = :q ) ) AND ( x )', p, 'id')).toBeUndefined();
    expect(pinnedValue('( "title" = :p ) AND ( x )', p, 'id')).toBeUndefined();
  });
});
