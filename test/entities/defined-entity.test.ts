import { Column } from 'typeorm';
import { DefinedEntity } from '../../src/entities/defined-entity';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { tenantTable } from '../../src/schema/tenant-table';

const table = tenantTable({ name: 'de_notes', comment: 'Notes', columns: [{ name: 'title', type: 'varchar(200)' }, { name: 'body', type: 'text', nullable: true }] });

describe('@DefinedEntity', () => {
  it('refuses an entity that restates a column type (SCHEMA_DEFINITION_MISMATCH), naming the column', () => {
    expect(() => {
      @DefinedEntity(table)
      class RestatingNote extends TenantAwareEntity {
        @Column({ type: 'varchar', length: 100 }) title: string;
        @Column() body: string | null;
      }
      return RestatingNote;
    }).toThrow(expect.objectContaining({ code: 'SCHEMA_DEFINITION_MISMATCH', message: expect.stringMatching(/column title states type, length/) }));
  });

  it('refuses a property for a column the definition lacks, and a definition column nothing maps', () => {
    expect(() => {
      @DefinedEntity(table)
      class ExtraNote extends TenantAwareEntity {
        @Column() title: string;
        @Column() body: string | null;
        @Column() extra: string;
      }
      return ExtraNote;
    }).toThrow(/column extra \(property extra\) is not in the definition/);
    expect(() => {
      @DefinedEntity(table)
      class ShortNote extends TenantAwareEntity {
        @Column() title: string;
      }
      return ShortNote;
    }).toThrow(/no property maps column body/);
  });

  it('takes type, length and nullability from the definition; the entity keeps only the mapping', () => {
    @DefinedEntity(table)
    class Note extends TenantAwareEntity {
      @Column({ name: 'title' }) heading: string;
      @Column() body: string | null;
    }
    const { getMetadataArgsStorage } = jest.requireActual<typeof import('typeorm')>('typeorm');
    const columns = getMetadataArgsStorage().columns.filter((c) => c.target === Note);
    expect(columns.map((c) => [c.propertyName, c.options.type, c.options.length, c.options.nullable])).toEqual([
      ['heading', 'varchar', 200, false],
      ['body', 'text', undefined, true],
    ]);
  });
});
