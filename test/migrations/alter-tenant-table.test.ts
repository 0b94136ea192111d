import { Column, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { DefinedEntity } from '../../src/entities/defined-entity';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { addTenantIndex, addTenantReference, addTenantUnique } from '../../src/migrations/alter-tenant-table';
import { createTenantTable } from '../../src/migrations/ddl';
import type { TableDefinition, TenantReference, UniqueDefinition, IndexDefinition } from '../../src/schema/table-definition';
import { tenantTable } from '../../src/schema/tenant-table';
import { withoutTenantScope } from '../../src/tenancy';
import { uuidv7 } from '../../src/uuid';
import { readCatalogAsMysql8 } from '../support/mysql8-catalog';
import { describeEachDatabase } from '../support/scratch-database';

/** A table as its first migration made it, then one change per later migration. */
const groups = tenantTable({ name: 'alt_groups', comment: 'Groups', columns: [{ name: 'name', type: 'varchar(100)' }] });
const itemsV1 = tenantTable({ name: 'alt_items', comment: 'Items', columns: [{ name: 'label', type: 'varchar(100)' }, { name: 'code', type: 'varchar(20)' }] });
const reference: TenantReference = { column: 'group_id', table: 'alt_groups', nullable: true, comment: 'Optional group' };
const owner: TenantReference = { column: 'owner_group_id', table: 'alt_groups' };
const unique: UniqueDefinition = { name: 'uq_alt_items_code', columns: ['tenant_id', 'code'], whileLive: true };
const index: IndexDefinition = { name: 'idx_alt_items_label', columns: ['tenant_id', 'label'] };
const withChanges = (def: TableDefinition, change: Partial<TableDefinition>): TableDefinition => ({
  ...def,
  references: [...(def.references ?? []), ...(change.references ?? [])],
  uniques: [...(def.uniques ?? []), ...(change.uniques ?? [])],
  indexes: [...(def.indexes ?? []), ...(change.indexes ?? [])],
});
const itemsV2 = withChanges(itemsV1, { references: [reference, owner] });
const itemsV3 = withChanges(itemsV2, { uniques: [unique] });
/** What the entity reads: the definition after every change. */
const items = withChanges(itemsV3, { indexes: [index] });

@DefinedEntity(groups)
class AltGroup extends TenantAwareEntity {
  @Column() name: string;
}

@DefinedEntity(items)
class AltItem extends TenantAwareEntity {
  @Column() label: string;
  @Column() code: string;
  @Column({ name: 'group_id' }) groupId: string | null;
  @Column({ name: 'owner_group_id' }) ownerGroupId: string;
}

class CreateAltTables1800000000300 implements MigrationInterface {
  name = 'CreateAltTables1800000000300';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, groups);
    await createTenantTable(queryRunner, itemsV1);
  }
  async down(): Promise<void> {}
}

/** The later migrations of a user: each change on the table as the previous one left it (empty, so a required reference can be added). */
class ChangeAltItems1800000000301 implements MigrationInterface {
  name = 'ChangeAltItems1800000000301';
  async up(queryRunner: QueryRunner): Promise<void> {
    await addTenantReference(queryRunner, itemsV1, reference);
    await addTenantReference(queryRunner, withChanges(itemsV1, { references: [reference] }), owner);
    await addTenantUnique(queryRunner, itemsV2, unique);
    await addTenantIndex(queryRunner, itemsV3, index);
  }
  async down(): Promise<void> {}
}

const diff = async (ds: DataSource) => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

describeEachDatabase(
  'addTenantReference / addTenantUnique / addTenantIndex on an existing table',
  { entities: [AltGroup, AltItem], migrations: [CreateAltTables1800000000300, ChangeAltItems1800000000301] },
  (db, target) => {
    beforeAll(() => {
      if (target.name === 'mysql') readCatalogAsMysql8(db().dataSource);
    });

    it('leave the table exactly as the final definition says: the schema diff is empty', async () => {
      expect(await diff(db().dataSource)).toEqual([]);
    });

    it('the added references are in-tenant keys, the added unique key holds among live rows', async () => {
      const ds = db().dataSource;
      const q = (s: string) => ds.driver.escape(s);
      const p = (i: number) => ds.driver.createParameter(`p${i}`, i);
      const insert = (table: string, row: Record<string, unknown>) =>
        ds.query(`INSERT INTO ${q(table)} (${Object.keys(row).map(q).join(', ')}) VALUES (${Object.keys(row).map((_k, i) => p(i)).join(', ')})`, Object.values(row));
      const [a, b] = [uuidv7(), uuidv7()];
      await withoutTenantScope(async () => {
        for (const id of [a, b]) await insert('tenants', { id, name: id, slug: `t-${id.slice(-8)}` });
        const groupA = uuidv7();
        await insert('alt_groups', { id: groupA, tenant_id: a, name: 'g' });
        await insert('alt_items', { id: uuidv7(), tenant_id: a, label: 'x', code: 'c1', owner_group_id: groupA, group_id: groupA });
        await expect(insert('alt_items', { id: uuidv7(), tenant_id: b, label: 'x', code: 'c1', owner_group_id: groupA })).rejects.toThrow(/foreign key/i);
        const groupB = uuidv7();
        await insert('alt_groups', { id: groupB, tenant_id: b, name: 'g' });
        await expect(insert('alt_items', { id: uuidv7(), tenant_id: b, label: 'x', code: 'c2', owner_group_id: groupB, group_id: groupA })).rejects.toThrow(/foreign key|same tenant/i);
        await expect(insert('alt_items', { id: uuidv7(), tenant_id: a, label: 'y', code: 'c1', owner_group_id: groupA })).rejects.toThrow(/duplicate|unique/i);
        await ds.query(`UPDATE ${q('alt_items')} SET ${q('deleted_at')} = ${p(0)} WHERE ${q('code')} = 'c1'`, [new Date()]);
        await insert('alt_items', { id: uuidv7(), tenant_id: a, label: 'y', code: 'c1', owner_group_id: groupA });
      });
    });
  },
);
