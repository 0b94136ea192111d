import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../../src/entities/defined-entity';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { createTenantTable } from '../../src/migrations/ddl';
import { openTestDatabase } from '../../src/testing';
import { tenantTable } from '../../src/schema/tenant-table';

const parents = tenantTable({ name: 'der_parents', comment: 'Parents', columns: [{ name: 'title', type: 'varchar(50)' }] });
const children = tenantTable({
  name: 'der_children',
  comment: 'Children with a declared reference to a parent and an undeclared one',
  columns: [{ name: 'other_parent_id', type: 'uuid', nullable: true }],
  references: [{ column: 'parent_id', table: 'der_parents' }],
});

@DefinedEntity(parents)
class Parent extends TenantAwareEntity {
  @Column() title: string;
}

function childWith(otherKey: boolean) {
  @DefinedEntity(children)
  class Child extends TenantAwareEntity {
    @Column({ name: 'parent_id' }) parentId: string;
    @ManyToOne(() => Parent) @JoinColumn({ name: 'parent_id' }) parent?: Parent;
    @Column({ name: 'other_parent_id' }) otherParentId: string | null;
    @ManyToOne(() => Parent, { createForeignKeyConstraints: otherKey }) @JoinColumn({ name: 'other_parent_id' }) otherParent?: Parent;
  }
  return Child;
}

class CreateTables1800000000200 {
  name = 'CreateTables1800000000200';
  async up(q: import('typeorm').QueryRunner) {
    await createTenantTable(q, parents);
    await createTenantTable(q, children);
  }
  async down() {}
}

/**
 * The definition replaces the keys TypeORM derives from relations, so a relation whose join column
 * no declared reference covers would get no database key: refused when the metadata is built.
 */
describe('@DefinedEntity relations', () => {
  it('refuses a relation whose join column no reference of the definition covers, naming it and the fix; nothing is migrated', async () => {
    await expect(openTestDatabase('pglite', { entities: [Parent, childWith(true)], migrations: [CreateTables1800000000200] })).rejects.toMatchObject({
      code: 'SCHEMA_DEFINITION_MISMATCH',
      message: expect.stringMatching(/relation Child\.otherParent joins on other_parent_id.*createForeignKeyConstraints: false/),
    });
  }, 60_000);

  it('accepts it when the relation asks for no key, and the declared reference keeps its key', async () => {
    const db = await openTestDatabase('pglite', { entities: [Parent, childWith(false)], migrations: [CreateTables1800000000200] });
    try {
      const keys = db.dataSource.getMetadata('Child').foreignKeys.map((f) => f.columnNames);
      expect(keys).toContainEqual(['tenant_id', 'parent_id']);
      expect(keys.flat()).not.toContain('other_parent_id');
    } finally {
      await db.close();
    }
  }, 60_000);
});
