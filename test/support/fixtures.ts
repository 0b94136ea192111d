import { Column, Entity, JoinColumn, ManyToOne, OneToMany, type MigrationInterface, type QueryRunner } from 'typeorm';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { createTenantTable, dropTable } from '../../src/migrations/ddl';

/** Test-only tenant-aware parent. */
@Entity('notebooks')
export class Notebook extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 })
  @IsString()
  @Length(1, 100)
  title: string;

  @OneToMany(() => Note, (note) => note.notebook, { cascade: true })
  notes?: Note[];
}

/** Test-only tenant-aware child with a validated title and counter. */
@Entity('notes')
export class Note extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 200 })
  @IsString()
  @Length(1, 200)
  title: string;

  @Column({ type: 'int', default: 0 })
  @IsInt()
  @Min(0)
  views: number;

  @Column({ type: 'uuid', name: 'notebook_id', nullable: true })
  notebookId: string | null;

  @ManyToOne(() => Notebook, (notebook) => notebook.notes, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notebook_id' })
  notebook?: Notebook | null;
}

/** Creates `notebooks` and `notes`, with a composite (tenant_id, notebook_id) foreign key. */
export class CreateTestTables1800000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, {
      name: 'notebooks',
      comment: 'test notebooks',
      columns: [{ name: 'title', type: 'varchar(100)' }],
    });
    await createTenantTable(queryRunner, {
      name: 'notes',
      comment: 'test notes',
      columns: [
        { name: 'title', type: 'varchar(200)' },
        { name: 'views', type: 'int', default: 0 },
        { name: 'notebook_id', type: 'uuid', nullable: true },
      ],
      constraints: (d) => [
        `CONSTRAINT ${d.quote('fk_notes_notebook')} FOREIGN KEY (${d.quote('tenant_id')}, ${d.quote('notebook_id')}) ` +
          `REFERENCES ${d.quote('notebooks')} (${d.quote('tenant_id')}, ${d.quote('id')}) ON DELETE CASCADE`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'notes');
    await dropTable(queryRunner, 'notebooks');
  }
}
