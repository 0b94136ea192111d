import {
  Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, RelationId, Tree, TreeChildren, TreeParent,
  type MigrationInterface, type QueryRunner,
} from 'typeorm';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { createTable, createTenantTable, dropTable } from '../../src/migrations/ddl';

/** Parent of tasks. */
@Entity('projects')
export class Project extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) title: string;
  @OneToMany(() => Task, (task) => task.project) tasks?: Task[];
}

/** The main conformance entity: joins, many-to-many, relation ids, soft delete. */
@Entity('tasks')
export class Task extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'int', default: 0 }) views: number;
  @Column({ type: 'uuid', name: 'project_id', nullable: true }) projectId: string | null;
  @ManyToOne(() => Project, (project) => project.tasks, { nullable: true }) @JoinColumn({ name: 'project_id' }) project?: Project | null;
  @ManyToMany(() => Label, (label) => label.tasks)
  @JoinTable({ name: 'task_labels', joinColumn: { name: 'task_id' }, inverseJoinColumn: { name: 'label_id' } })
  labels?: Label[];
  @RelationId((task: Task) => task.labels) labelIds?: string[];
}

/** Labels carry a globally unique `code`: the MySQL "ON DUPLICATE KEY fires on any unique key" case. */
@Entity('labels')
export class Label extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 50 }) code: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  @ManyToMany(() => Task, (task) => task.labels) tasks: Promise<Task[]>;
}

/** Eagerly loads its task. */
@Entity('remarks')
export class Remark extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) body: string;
  @Column({ type: 'uuid', name: 'task_id' }) taskId: string;
  @ManyToOne(() => Task, { eager: true }) @JoinColumn({ name: 'task_id' }) task: Task;
}

/** A tenant-aware tree (materialized path). */
@Entity('folders')
@Tree('materialized-path')
export class Folder extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) name: string;
  @TreeParent() @JoinColumn({ name: 'parent_id' }) parent?: Folder | null;
  @TreeChildren() children?: Folder[];
}

export const conformanceEntities = [Project, Task, Label, Remark, Folder];

const fk = (d: { quote(s: string): string }, name: string, column: string, table: string) =>
  `CONSTRAINT ${d.quote(name)} FOREIGN KEY (${d.quote('tenant_id')}, ${d.quote(column)}) REFERENCES ${d.quote(table)} (${d.quote('tenant_id')}, ${d.quote('id')})`;

/** Tables of the conformance entities, with composite (tenant_id, parent) foreign keys. */
export class CreateConformanceTables1800000000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, { name: 'projects', comment: 'test', columns: [{ name: 'title', type: 'varchar(100)' }] });
    await createTenantTable(queryRunner, {
      name: 'tasks', comment: 'test',
      columns: [{ name: 'title', type: 'varchar(100)' }, { name: 'views', type: 'int', default: 0 }, { name: 'project_id', type: 'uuid', nullable: true }],
      constraints: (d) => [fk(d, 'fk_tasks_project', 'project_id', 'projects')],
    });
    await createTenantTable(queryRunner, {
      name: 'labels', comment: 'test',
      columns: [{ name: 'code', type: 'varchar(50)' }, { name: 'name', type: 'varchar(50)' }],
      constraints: (d) => [`CONSTRAINT ${d.quote('uq_labels_code')} UNIQUE (${d.quote('code')})`],
    });
    await createTable(queryRunner, {
      name: 'task_labels', comment: 'test junction',
      columns: [{ name: 'task_id', type: 'uuid' }, { name: 'label_id', type: 'uuid' }],
      constraints: (d) => [`PRIMARY KEY (${d.quote('task_id')}, ${d.quote('label_id')})`],
    });
    await createTenantTable(queryRunner, {
      name: 'remarks', comment: 'test',
      columns: [{ name: 'body', type: 'varchar(100)' }, { name: 'task_id', type: 'uuid' }],
      constraints: (d) => [fk(d, 'fk_remarks_task', 'task_id', 'tasks')],
    });
    await createTenantTable(queryRunner, {
      name: 'folders', comment: 'test',
      columns: [{ name: 'name', type: 'varchar(100)' }, { name: 'mpath', type: 'varchar(255)', default: '' }, { name: 'parent_id', type: 'uuid', nullable: true }],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['folders', 'remarks', 'task_labels', 'labels', 'tasks', 'projects']) await dropTable(queryRunner, table);
  }
}
