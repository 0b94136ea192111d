import { pgIdentifier as q } from './postgres-sql';

/**
 * The `DO UPDATE SET` of a PostgreSQL upsert with the update-date columns taken from the row the
 * insert proposed (`"updated_at" = EXCLUDED."updated_at"`) instead of TypeORM's
 * `"updated_at" = DEFAULT`. Citus refuses any function that is not IMMUTABLE there ("functions used
 * in the DO UPDATE SET clause of INSERTs on distributed tables must be marked IMMUTABLE"), and the
 * column default `now()` is STABLE; a plain column reference is allowed. Only for columns every row
 * of the insert leaves to their default (`defaulted`): then the proposed value *is* the default,
 * `now()` of the same transaction, so single-server results are the same as before. A column some
 * row sets explicitly keeps TypeORM's form (which Citus refuses, with its own error).
 * `"col" = DEFAULT` appears only in the SET list (VALUES holds a bare `DEFAULT`).
 *
 * @example
 * immutableUpsertSet('… DO UPDATE SET "name" = EXCLUDED."name", "updated_at" = DEFAULT WHERE …', ['updated_at']);
 * // '… DO UPDATE SET "name" = EXCLUDED."name", "updated_at" = EXCLUDED."updated_at" WHERE …'
 */
export function immutableUpsertSet(sql: string, defaulted: readonly string[] | undefined): string {
  let out = sql;
  for (const column of defaulted ?? []) {
    const name = q(column);
    out = out.split(`${name} = DEFAULT`).join(`${name} = EXCLUDED.${name}`);
  }
  return out;
}
