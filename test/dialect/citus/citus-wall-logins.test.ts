import { citusWallLoginStatements } from '../../../src/dialect/citus/citus-wall-logins';
import { applicationRoleStatements } from '../../../src/dialect/postgres-app-role';

/** app-role on a Citus coordinator: the wall roles become LOGIN, nothing else changes (on the lab: test/citus). */
describe('app-role statements for Citus', () => {
  it('adds exactly ALTER ROLE … LOGIN for both wall roles, and only with citus', () => {
    expect(citusWallLoginStatements()).toEqual(['ALTER ROLE "tenancy_tenant" LOGIN', 'ALTER ROLE "tenancy_system" LOGIN']);
    const plain = applicationRoleStatements({ role: 'app' });
    const citus = applicationRoleStatements({ role: 'app', citus: true });
    expect(citus).toEqual([...plain, ...citusWallLoginStatements()]);
    expect(plain.join('\n')).not.toMatch(/tenancy_(tenant|system)" LOGIN/);
  });
});
