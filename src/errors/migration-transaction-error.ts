import { TenancyError } from './tenancy-error';

/**
 * A migration helper that must not run inside a transaction (PostgreSQL `CREATE INDEX
 * CONCURRENTLY`) was called inside one; nothing was sent. The message says to mark the migration
 * `transaction = false` (and to run migrations with `transaction: 'each'` or `'none'`).
 *
 * @example
 * await createIndexOnline(queryRunner, notes, { name: 'idx_notes_title', columns: ['tenant_id', 'title'] }); // MIGRATION_TRANSACTION_ACTIVE
 */
export class MigrationTransactionError extends TenancyError {
  readonly code = 'MIGRATION_TRANSACTION_ACTIVE' as const;

  constructor(readonly operation: string) {
    super(
      `${operation} cannot run inside a transaction. Give the migration class \`transaction = false\` ` +
        "(`export class AddIndex… implements MigrationInterface { transaction = false as const; … }`) and run migrations " +
        "with transaction 'each' (typeorm-tenancy's CLI and `typeorm migration:run -t each`) or 'none'.",
    );
  }
}
