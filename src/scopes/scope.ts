import type { EntityMetadata } from 'typeorm';

/** The query kinds a scope can limit. Joins count as `select`. */
export type ScopedQueryType = 'select' | 'update' | 'delete' | 'soft-delete' | 'restore';

/** What a scope sees of the query it limits. */
export interface ScopeQuery {
  readonly type: ScopedQueryType;
  /** `withDeleted()` was called on the query builder. */
  readonly withDeleted: boolean;
  /** Escaped reference to a column of the scoped alias, by database name (alias-qualified where the query qualifies). */
  column(databaseName: string): string;
  /** Like `column`, always qualified (by the alias, or the table name where the query uses no alias): for subqueries. */
  qualifiedColumn(databaseName: string): string;
  /** The escaped table path of another entity, for a subquery. */
  table(metadata: EntityMetadata): string;
  /** Escapes an identifier (an alias of a subquery). */
  escape(identifier: string): string;
}

/**
 * A named condition applied automatically to every query on the entities it covers. The tenant
 * scope and the soft-delete rule are built-in scopes; `defineScope` adds your own.
 */
export interface Scope {
  readonly name: string;
  /** Query kinds the scope limits. */
  readonly queryTypes: ReadonlySet<ScopedQueryType>;
  /** Whether `withoutScopes([name], fn)` may lift it. The tenant scope says no. */
  readonly liftable: boolean;
  appliesTo(metadata: EntityMetadata): boolean;
  /** SQL for one alias using `:named` parameters only, or undefined for "no limit this time". */
  condition(metadata: EntityMetadata, query: ScopeQuery): string | undefined;
  /** Values of the named parameters `condition` uses; evaluated in the caller's context. */
  parameters?(): Record<string, unknown>;
}
