import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, PrimaryColumn, RelationId, UpdateDateColumn } from 'typeorm';

/**
 * TypeORM-only copies of the test entities the benchmarks query (test/support/conformance-fixtures:
 * `Project`, `Task`, `Label`; their base classes live in src/entities). The plain-TypeORM baseline
 * process uses these, so it loads no file of the library. The parent sends the metadata signature
 * of the originals and the child refuses to run if its copies differ (bench/operations.ts,
 * `entitySignature`). Same class names as the originals.
 */
abstract class Row {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Index() @Column({ type: 'uuid', name: 'tenant_id' }) tenantId: string;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy: string | null;
  @Column({ type: 'uuid', name: 'updated_by', nullable: true }) updatedBy: string | null;
}

@Entity('projects')
export class Project extends Row {
  @Column({ type: 'varchar', length: 100 }) title: string;
  @OneToMany(() => Task, (task) => task.project) tasks?: Task[];
}

@Entity('tasks')
export class Task extends Row {
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'int', default: 0 }) views: number;
  @Column({ type: 'uuid', name: 'project_id', nullable: true }) projectId: string | null;
  @ManyToOne(() => Project, (project) => project.tasks, { nullable: true }) @JoinColumn({ name: 'project_id' }) project?: Project | null;
  @ManyToMany(() => Label, (label) => label.tasks)
  @JoinTable({ name: 'task_labels', joinColumn: { name: 'task_id' }, inverseJoinColumn: { name: 'label_id' } })
  labels?: Label[];
  @RelationId((task: Task) => task.labels) labelIds?: string[];
}

@Entity('labels')
export class Label extends Row {
  @Column({ type: 'varchar', length: 50 }) code: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  @ManyToMany(() => Task, (task) => task.labels) tasks: Promise<Task[]>;
}

export const plainEntities = [Project, Task, Label];
