import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/cli/embedded-postgres';
import { registerSystemKey } from '../../src/dialect/postgres-app-role';
import { CreateTenantIsolation0099 } from '../../src/migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../../src/migrations/0100-create-tenants';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';
import { PG_URL, type Target } from './targets';
import { inWallScope } from './wall-scope';

/**
 * A PostgreSQL database whose tables belong to a login role that is NOT a superuser and has no
 * BYPASSRLS (`hs_own_<hex>`, CREATEROLE only), migrated by that role: the owner of a data
 * migration under forced row-level security, which as itself sees no tenant row. A system key is
 * registered. On PGlite the session runs as that role (reopened with it as its user).
 */
export interface WallOwner {
  readonly role: string;
  readonly systemKey: string;
  /** A plain DataSource (no enableTenancy) as the owner, migrated. */
  readonly owner: DataSource;
  /** Another DataSource as the owner (PGlite: use one at a time); `tenancy` for enableTenancy. */
  open(tenancy?: TenancyOptions, extra?: Partial<DataSourceOptions>): Promise<DataSource>;
  close(): Promise<void>;
}

/** Seeds tenants and `perTenant` notes each through the wall's system role (independent of the library's helpers); returns the tenant ids. */
export async function seedThroughWall(ds: DataSource, systemKey: string, slugs: string[], perTenant: number): Promise<string[]> {
  return inWallScope(ds, { systemKey }, async (q) => {
    const ids: string[] = [];
    for (const slug of slugs) {
      const [{ id }] = await q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [slug.toUpperCase(), slug]);
      await q(`INSERT INTO notes (id, tenant_id, title) SELECT gen_random_uuid(), $1, $2 || '-' || g FROM generate_series(1, $3::int) g`, [id, slug, perTenant]);
      ids.push(id);
    }
    return ids;
  }, { commit: true });
}

export async function openWallOwner(target: Target, migrations: Array<new () => MigrationInterface>, entities: DataSourceOptions['entities'] = []): Promise<WallOwner> {
  const role = `hs_own_${randomBytes(5).toString('hex')}`;
  const systemKey = randomBytes(32).toString('base64url');
  const opened: DataSource[] = [];
  let connection: DataSourceOptions;
  let teardown: () => Promise<void>;
  if (target.name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hs-pglite-'));
    const setup = await startEmbeddedPostgres(dir);
    const admin = new Client({ host: setup.host, port: setup.port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN CREATEROLE NOSUPERUSER`);
    await admin.query(`GRANT CREATE ON DATABASE postgres TO ${role}`);
    await admin.query(`ALTER SCHEMA public OWNER TO ${role}`);
    await admin.end();
    await setup.stop();
    const pg: EmbeddedPostgres = await startEmbeddedPostgres(dir, 4, { username: role });
    connection = { type: 'postgres', host: pg.host, port: pg.port, username: role, database: 'postgres', extra: { max: 1 } };
    teardown = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN CREATEROLE NOSUPERUSER`);
    await admin.query(`CREATE DATABASE ${role} OWNER ${role}`);
    const url = new URL(PG_URL.replace(/\/[^/]*$/, `/${role}`));
    url.username = role;
    connection = { ...connectionOptionsFromUrl(url.toString()), extra: { max: 2 } };
    teardown = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    };
  }
  const open = async (tenancy?: TenancyOptions, extra: Partial<DataSourceOptions> = {}) => {
    const ds = new DataSource({
      ...connection,
      entities,
      migrations: [CreateTenantIsolation0099, CreateTenants0100, ...migrations],
      ...extra,
    } as DataSourceOptions);
    if (tenancy) enableTenancy(ds, tenancy);
    await ds.initialize();
    opened.push(ds);
    return ds;
  };
  const close = async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await teardown();
  };
  try {
    const owner = await open();
    await owner.runMigrations({ transaction: 'each' });
    await registerSystemKey(owner, systemKey, 'hs tests');
    return { role, systemKey, owner, open, close };
  } catch (error) {
    await close();
    throw error;
  }
}
