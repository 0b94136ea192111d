import {
  Column,
  DataSource,
  Entity,
  Generated,
  JoinColumn,
  ManyToOne,
  TableInheritance,
  Tree,
  TreeChildren,
  TreeParent,
  VersionColumn,
  VirtualColumn,
} from 'typeorm';
import { IsInt, IsString, IsUUID, IsOptional } from 'class-validator';
import { EntityValidationError, UnsafeEntityKeyError } from '../../src/errors';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { Tenant } from '../../src/entities/tenant.entity';
import { bundledEntities, SurveyResponse } from '../../src/entities';
import { validateEntity } from '../../src/entities/validate-entity';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { uuidv7 } from '../../src/uuid/uuidv7';

/**
 * The insert "required" check of a tenant-aware entity knows every column kind TypeORM (or the
 * entity's metadata) fills itself: each column below carries a class-validator rule, and only
 * `title` may be reported. Metadata only, no database.
 */

class Address {
  @Column({ type: 'varchar', length: 50 }) @IsString() city: string;
}

@Entity('kinds_parents')
class KindParent extends TenantAwareEntity {}

@Entity('kinds')
@TableInheritance({ column: { type: 'varchar', name: 'kind', length: 20 } })
class Kinds extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) @IsString() title: string;
  @Column({ type: 'varchar', length: 100 }) @IsOptional() @IsString() optional: string;
  @Column({ type: 'varchar', length: 100 }) unvalidated: string;
  @Column({ type: 'int', default: 0 }) @IsInt() defaulted: number;
  @Column({ type: 'varchar', length: 100, nullable: true }) @IsString() nullable: string | null;
  @Column({ type: 'int' }) @Generated('increment') @IsInt() sequence: number;
  @Column({ type: 'uuid' }) @Generated('uuid') @IsUUID() token: string;
  @Column({ type: 'int', generatedType: 'STORED', asExpression: 'defaulted * 2' }) @IsInt() doubled: number;
  @VersionColumn() @IsInt() version: number;
  @VirtualColumn({ type: 'int', query: (alias) => `SELECT LENGTH(${alias}.title)` }) @IsInt() titleLength: number;
  @Column({ type: 'varchar', length: 20, insert: false, nullable: false }) @IsString() notInserted: string;
  @Column(() => Address) address: Address;
  @Column({ type: 'uuid', name: 'parent_id' }) @IsUUID() parentId: string;
  @ManyToOne(() => KindParent) @JoinColumn({ name: 'parent_id' }) parent?: KindParent;
}

@Entity('kinds_tree')
@Tree('materialized-path')
class KindsTree extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) @IsString() name: string;
  @TreeParent() parent?: KindsTree | null;
  @TreeChildren() children?: KindsTree[];
}

/** A global entity with the same rule: no required check at all. */
@Entity('kinds_global')
class Global {
  @Column({ type: 'int', primary: true }) id: number;
  @Column({ type: 'varchar', length: 100 }) @IsString() title: string;
}

async function metadataOf(): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', entities: [Tenant, KindParent, Kinds, KindsTree, Global] });
  enableTenancy(ds, { rowLevelSecurity: false });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return ds;
}

const failuresOf = async (run: () => Promise<void> | undefined): Promise<string[]> => {
  try {
    await run();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EntityValidationError);
    return (error as EntityValidationError).failures.map((f) => f.property).sort();
  }
};

describe('validateEntity: columns TypeORM fills itself', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await metadataOf();
  });

  it('a tenant-aware insert requires only validated, non-optional columns nothing fills', async () => {
    expect(await failuresOf(() => validateEntity(ds.getMetadata(Kinds), { id: uuidv7() }, 'insert'))).toEqual(['title']);
    expect(await failuresOf(() => validateEntity(ds.getMetadata(Kinds), { id: uuidv7(), title: 'x' }, 'insert'))).toEqual([]);
  });

  it('tree columns (materialized path) are filled by TypeORM', async () => {
    expect(await failuresOf(() => validateEntity(ds.getMetadata(KindsTree), { id: uuidv7() }, 'insert'))).toEqual(['name']);
  });

  it('an entity that is not tenant-aware gets no required check, and stays synchronous', () => {
    expect(validateEntity(ds.getMetadata(Global), { id: 1 }, 'insert')).toBeUndefined();
  });

  it('rules still apply where the entity declares them (global entities included)', async () => {
    expect(await failuresOf(() => validateEntity(ds.getMetadata(Global), { id: 1, title: 5 }, 'insert'))).toEqual(['title']);
  });

  it('an own __proto__ key cannot swap the prototype the rules come from (global entities too): ENTITY_KEY_UNSAFE', () => {
    const row = JSON.parse('{"__proto__": {}, "id": 1, "title": 5}') as Record<string, unknown>;
    expect(() => validateEntity(ds.getMetadata(Global), row, 'insert')).toThrow(UnsafeEntityKeyError);
  });
});

describe('validateEntity: bundled entities (our DDL, every default in the metadata)', () => {
  it('every column nothing fills is required, with or without a rule', async () => {
    const ds = new DataSource({ type: 'postgres', entities: bundledEntities });
    enableTenancy(ds, { rowLevelSecurity: false });
    await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    // `answer` carries no class-validator rule; the foreign keys are filled from their relations (id and tenantId are stamped before validation).
    expect(await failuresOf(() => validateEntity(ds.getMetadata(SurveyResponse), { id: uuidv7(), tenantId: uuidv7() }, 'insert'))).toEqual(['answer']);
  });
});
