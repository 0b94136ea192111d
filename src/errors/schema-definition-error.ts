import { TenancyError } from './tenancy-error';

/**
 * An entity and its table definition disagree (a column on one side only, or an entity restating
 * a column's type), or a defined entity's keys point at a table the DataSource has no entity for.
 * Raised when the class is decorated or when `initialize()` builds the metadata; nothing is sent.
 *
 * @example
 * @DefinedEntity(notes) class Note extends TenantAwareEntity { @Column({ type: 'text' }) body: string } // SCHEMA_DEFINITION_MISMATCH
 */
export class SchemaDefinitionError extends TenancyError {
  readonly code = 'SCHEMA_DEFINITION_MISMATCH' as const;

  constructor(readonly table: string, detail: string, fix: string) {
    super(`Table ${table}: ${detail}. ${fix}`);
  }
}
