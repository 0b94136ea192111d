import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../../src/dialect/dialect-of';
import type { Dialect } from '../../src/dialect/dialect';
import { createTenantTable, dropTable, type ColumnSpec } from '../../src/migrations/ddl';
import { migrationName } from '../../src/migrations/phase';
import type { DoctorReport } from '../../src/cli/doctor';

/**
 * Tenant tables the doctor tests break on purpose, so a break never touches the bundled schema:
 * each is a plain `createTenantTable` (id, tenant_id NOT NULL, UNIQUE (tenant_id, id), CASCADE key
 * to tenants, row-level security on PostgreSQL) plus what a test asks for.
 */

/** Creates a tenant table through the library's DDL. */
export async function createProbe(ds: DataSource, name: string, columns: ColumnSpec[] = [], constraints?: (d: Dialect) => string[]): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await createTenantTable(runner, { name, comment: 'doctor probe', columns: [{ name: 'code', type: 'varchar(40)', nullable: true }, ...columns], constraints });
  } finally {
    await runner.release();
  }
}

/** Drops probe tables (children first), ignoring those that do not exist. */
export async function dropProbes(ds: DataSource, ...names: string[]): Promise<void> {
  for (const name of names) await ds.query(`DROP TABLE IF EXISTS ${dialectOf(ds).quote(name)}`);
}

/** `doctor_child.parent_id` → `doctor_parent`, required: the composite key of the bundled schema. */
export const childOfParent: [ColumnSpec[], (d: Dialect) => string[]] = [
  [{ name: 'parent_id', type: 'uuid' }],
  (d) => [
    `CONSTRAINT ${d.quote('fk_doctor_child_parent_id')} FOREIGN KEY (${d.quote('tenant_id')}, ${d.quote('parent_id')}) ` +
      `REFERENCES ${d.quote('doctor_parent')} (${d.quote('tenant_id')}, ${d.quote('id')}) ON DELETE CASCADE`,
  ],
];

/** A migration creating `doctor_parent` and `doctor_child`, for suites that need a small schema. */
export class CreateDoctorProbes implements MigrationInterface {
  name = migrationName(9990, 'CreateDoctorProbes');

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, { name: 'doctor_parent', comment: 'doctor probe', columns: [{ name: 'code', type: 'varchar(40)', nullable: true }] });
    await createTenantTable(queryRunner, {
      name: 'doctor_child',
      comment: 'doctor probe',
      columns: [{ name: 'code', type: 'varchar(40)', nullable: true }, ...childOfParent[0]],
      constraints: childOfParent[1],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'doctor_child');
    await dropTable(queryRunner, 'doctor_parent');
  }
}

/**
 * Runs `fn` on one connection with foreign keys unchecked, the way orphans get in: MySQL family
 * `FOREIGN_KEY_CHECKS = 0`; PostgreSQL `session_replication_role = replica` (superuser only; it
 * skips the triggers that enforce foreign keys).
 */
export async function withChecksOff(ds: DataSource, fn: (runner: QueryRunner, mark: (i: number) => string) => Promise<void>): Promise<void> {
  const pg = dialectOf(ds).family === 'postgres';
  const runner = ds.createQueryRunner();
  try {
    await runner.query(pg ? 'SET session_replication_role = replica' : 'SET FOREIGN_KEY_CHECKS = 0');
    await fn(runner, (i) => (pg ? `$${i}` : '?'));
  } finally {
    await runner.query(pg ? 'SET session_replication_role = DEFAULT' : 'SET FOREIGN_KEY_CHECKS = 1');
    await runner.release();
  }
}

/** Failed checks as `'<table> <check>'` (`(database)` for database-wide ones), sorted. */
export const failures = (report: DoctorReport): string[] =>
  report.checks
    .filter((c) => c.status === 'fail')
    .map((c) => `${c.table ?? '(database)'} ${c.check}`)
    .sort();

/** The detail of one check. */
export const detailOf = (report: DoctorReport, table: string | null, check: string): string | undefined =>
  report.checks.find((c) => c.table === table && c.check === check)?.detail;
