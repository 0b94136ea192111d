import { DataSource } from 'typeorm';
import { applicationRoleStatements, createApplicationRole, registerSystemKey } from '../dialect/postgres-app-role';
import { usingDataSource } from './connection-error';
import { connectionOptionsFromUrl } from './data-source-from-url';

/** Options of {@link appRoleCommand}. */
export interface AppRoleCommandOptions {
  /** The login role to create or repair. */
  role?: string;
  /** Owner's connection (`postgres://…`); default `DATABASE_URL`. Not needed with `print`. */
  url?: string;
  /** Print the SQL instead of running it. */
  print?: boolean;
  /** With `print`: print the Citus coordinator's form (the wall roles LOGIN). Detected when run. */
  citus?: boolean;
  /** Password of the role; default `APP_DB_PASSWORD`. */
  password?: string;
  /** System key to register; default `TENANCY_SYSTEM_KEY` (none: nothing registered). */
  systemKey?: string;
}

/**
 * `typeorm-tenancy app-role --role app [--url <owner-url>] [--print]`: creates (or repairs) the
 * role the application connects as on PostgreSQL, not owner, no BYPASSRLS, not superuser, NOINHERIT
 * member of the two wall roles, with DML grants only and no TEMP (see `applicationRoleStatements`),
 * and registers `TENANCY_SYSTEM_KEY` when set.
 * Run it as the owner of the tables (a non-superuser with CREATEROLE does: the attributes only a
 * superuser may set are then skipped and said so) or as a superuser; either way the default
 * privileges attach to the real owners of the schema and its tables (`FOR ROLE`).
 * Returns the exit code: 0 done, 2 usage (no role, not PostgreSQL); connection and SQL errors are
 * thrown (the CLI prints them, exit 1).
 *
 * @example
 * process.exitCode = await appRoleCommand({ role: 'app', url: 'postgres://owner@db/app' });
 */
export async function appRoleCommand(options: AppRoleCommandOptions, write: (line: string) => void = console.log): Promise<number> {
  const { role, print } = options;
  const password = options.password ?? (process.env.APP_DB_PASSWORD || undefined);
  const systemKey = options.systemKey ?? (process.env.TENANCY_SYSTEM_KEY || undefined);
  if (!role) {
    write('typeorm-tenancy app-role: --role <name> is required');
    return 2;
  }
  if (print) {
    for (const sql of applicationRoleStatements({ role, password, citus: options.citus === true })) write(`${sql};`);
    return 0;
  }
  const url = options.url || process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:/.test(url)) {
    write(
      'typeorm-tenancy app-role: needs the owner\'s postgres:// URL (--url or DATABASE_URL). The MySQL family has no ' +
        'row-level security: there the composite keys and the scope layer are the wall, and any least-privilege user will do.',
    );
    return 2;
  }
  const owner = new DataSource({ ...connectionOptionsFromUrl(url), extra: { max: 1 } });
  return usingDataSource(owner, url, async () => {
    const done = await createApplicationRole(owner, { role, password });
    write(
      `Role ${role} ready: LOGIN NOINHERIT, not superuser, no BYPASSRLS, SELECT/INSERT/UPDATE/DELETE on the schema's tables, ` +
        'member (without inheritance) of tenancy_tenant and tenancy_system; TEMP and CREATE taken from PUBLIC in this database.',
    );
    if (done.citus) {
      write(
        'Citus coordinator: tenancy_tenant and tenancy_system made LOGIN (Citus connects to the workers as them); ' +
          'admit them in pg_hba.conf only from the Citus nodes (docs/scale-out.md, "The database wall on the workers").',
      );
    }
    if (done.skippedAttributes.length) {
      write(
        `Run as ${done.runAs}, not a superuser: ${done.skippedAttributes.join(' ')} not set (only a superuser may set them); ` +
          `checked instead that ${role} has none of them (a role CREATE ROLE made never has).`,
      );
    }
    write(
      `Default privileges FOR ROLE ${done.defaultPrivilegesFor.join(', ') || '(none)'}: tables and sequences ` +
        `${done.defaultPrivilegesFor.length === 1 ? 'that role creates' : 'those roles create'} later in the schema are granted to ${role} too.`,
    );
    if (systemKey) {
      await registerSystemKey(owner, systemKey, `app-role ${role}`);
      write('System key from TENANCY_SYSTEM_KEY registered: withoutTenantScope passes the policies with it.');
    }
    return 0;
  });
}
