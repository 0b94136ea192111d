import { Column, DataSource, Entity, type MigrationInterface, type QueryRunner } from 'typeorm';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { Tenant } from '../../src/entities/tenant.entity';
import { createTable, dropTable, timestampColumns, type ColumnSpec } from '../../src/migrations/ddl';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { tenantColumnOf } from '../../src/scopes/tenancy-options';
import { TenantMismatchError } from '../../src/errors';
import { withTenant } from '../../src/tenancy/with-tenant';
import { isUuidV7 } from '../../src/uuid/is-uuid-v7';
import { Note, CreateTestTables1800000000000, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, seedTenants } from '../support/tenants';

/** An existing schema whose tenant column is `company_id`. */
@Entity('invoices')
class Invoice extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 50 })
  number: string;
}

class CreateInvoices1800000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(queryRunner, {
      name: 'invoices',
      comment: 'legacy invoices',
      columns: [
        ...['id', 'company_id', 'created_by', 'updated_by'].map((name): ColumnSpec => ({ name, type: 'uuid', nullable: name.endsWith('_by') })),
        { name: 'number', type: 'varchar(50)' },
        ...timestampColumns,
      ],
      constraints: (d) => [`PRIMARY KEY (${d.quote('id')})`],
    });
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'invoices');
  }
}

describe('enableTenancy', () => {
  it('refuses to run after initialize() and is idempotent before it', () => {
    const ds = new DataSource({ type: 'postgres', entities: [Tenant] });
    enableTenancy(ds);
    expect(() => enableTenancy(ds)).not.toThrow();
    expect(() => enableTenancy(ds, { tenantColumn: 'company_id' })).toThrow(/other options/);
    const initialized = new DataSource({ type: 'postgres' });
    Object.assign(initialized, { isInitialized: true });
    expect(() => enableTenancy(initialized)).toThrow(/before dataSource.initialize/);
  });
});

describeEachDatabase('enableTenancy', { entities: [Note, Notebook, Invoice], migrations: [CreateTestTables1800000000000, CreateInvoices1800000000001] }, (db) => {
  it('maps uuid columns to the dialect type, never varchar(255)', () => {
    const column = db().dataSource.getMetadata(Note).findColumnWithPropertyPath('id')!;
    const expected = { postgres: 'uuid', pglite: 'uuid', mariadb: 'uuid', mysql: 'char' }[db().target.name];
    expect(column.type).toBe(expected);
    if (expected === 'char') expect([column.length, column.charset, column.collation]).toEqual(['36', 'ascii', 'ascii_bin']);
  });

  it('treats entities with the tenant column as tenant-aware, others not', () => {
    expect(tenantColumnOf(db().dataSource.getMetadata(Note))?.databaseName).toBe('tenant_id');
    expect(tenantColumnOf(db().dataSource.getMetadata(Tenant))).toBeNull();
  });

  it('renames the tenant column for an existing schema (tenantColumn: company_id)', async () => {
    const legacy = await db().open({ entities: [Invoice], tenancy: { tenantColumn: 'company_id' } });
    const [A, B] = await seedTenants(legacy, 'legacy-a', 'legacy-b');
    expect(legacy.getMetadata(Invoice).findColumnWithPropertyPath('tenantId')!.databaseName).toBe('company_id');
    await withTenant(A, () => legacy.getRepository(Invoice).save({ number: 'INV-1' }));
    expect(await countRows(legacy, 'invoices', `company_id = '${A}'`)).toBe(1);
    await expect(withTenant(A, () => legacy.getRepository(Invoice).save({ number: 'INV-2', tenantId: B }))).rejects.toBeInstanceOf(TenantMismatchError);
    expect(await countRows(legacy, 'invoices')).toBe(1);
  });

  it('without enableTenancy, UuidV7Entity instances still get a UUIDv7 id on save()', async () => {
    // Entity listeners only see class instances; plain objects need enableTenancy's subscriber.
    const plain = await db().open({ tenancy: false });
    const repo = plain.getRepository(Tenant);
    const tenant = await repo.save(repo.create({ name: 'Plain', slug: 'plain', settings: {} }));
    expect(isUuidV7(tenant.id)).toBe(true);
  });
});
