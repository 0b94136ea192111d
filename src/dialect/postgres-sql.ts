/**
 * PostgreSQL quoting, in one place for the dialect, the row-level-security DDL and the role setup.
 *
 * @example
 * pgIdentifier('tenant_id'); // '"tenant_id"'
 * pgLiteral("it's");        // "'it''s'"
 */
export const pgIdentifier = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** A string literal (standard_conforming_strings, the default since PostgreSQL 9.1). */
export const pgLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;
