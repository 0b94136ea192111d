import type { DataSource, EntityMetadata, ObjectLiteral, QueryBuilder, QueryRunner } from 'typeorm';

/** What the persistence layer (save, remove, softRemove, recover) wrote: TypeORM's SubjectExecutor, as read. */
export interface PersistedSubjects {
  readonly queryRunner: QueryRunner;
  readonly insertSubjects: readonly PersistedSubject[];
  readonly updateSubjects: readonly PersistedSubject[];
  readonly removeSubjects: readonly PersistedSubject[];
  readonly softRemoveSubjects: readonly PersistedSubject[];
  readonly recoverSubjects: readonly PersistedSubject[];
}

/** One entity of a persistence operation (TypeORM's Subject, the fields read). */
export interface PersistedSubject {
  readonly metadata: EntityMetadata;
  readonly entity?: ObjectLiteral;
  readonly databaseEntity?: ObjectLiteral;
  readonly identifier?: ObjectLiteral;
  readonly diffColumns: ReadonlyArray<EntityMetadata['columns'][number]>;
  readonly diffRelations: ReadonlyArray<EntityMetadata['relations'][number]>;
}

/**
 * Sees every write the scope layer sees, around its execution: each insert, update, delete,
 * soft-delete and restore statement of a query builder (repositories and the persistence layer
 * included), and each persistence operation as a whole. `run` executes the write (guards
 * included); an observer must call it exactly once and return what it returns. Installed by
 * `enableAuditLog`; without one the patches call `run` directly.
 */
export interface WriteObserver {
  statement<T>(qb: QueryBuilder<ObjectLiteral>, run: () => Promise<T>): Promise<T>;
  persist(subjects: PersistedSubjects, run: () => Promise<void>): Promise<void>;
}

const observers = new WeakMap<DataSource, WriteObserver>();

/** Installs the write observer of a DataSource (one per DataSource; the last one wins). Internal. */
export function setWriteObserver(dataSource: DataSource, observer: WriteObserver): void {
  observers.set(dataSource, observer);
}

/** Runs one write statement through the DataSource's observer, if any. Internal. */
export function observeStatement<T>(qb: QueryBuilder<ObjectLiteral>, run: () => Promise<T>): Promise<T> {
  const observer = observers.get(qb.dataSource);
  return observer ? observer.statement(qb, run) : run();
}

/** Runs one persistence operation through the DataSource's observer, if any. Internal. */
export function observePersist(subjects: PersistedSubjects, run: () => Promise<void>): Promise<void> {
  const observer = observers.get(subjects.queryRunner.connection);
  return observer ? observer.persist(subjects, run) : run();
}
