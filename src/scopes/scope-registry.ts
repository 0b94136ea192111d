import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { UnscopableQueryError } from '../errors';
import type { Scope, ScopedQueryType, ScopeQuery } from './scope';
import { softDeleteScope, tenantScope, TENANT_PARAMETER } from './builtin-scopes';
import { liftedScopes } from './scope-opt-out';

const registries = new WeakMap<DataSource, Scope[]>();
const staticParameterNames = new WeakMap<DataSource, Set<string>>();

/** Installs the built-in scopes on a DataSource. Internal: `enableTenancy` calls it. */
export function installBuiltinScopes(dataSource: DataSource): void {
  if (!registries.has(dataSource)) registries.set(dataSource, [tenantScope, softDeleteScope]);
}

/** True when tenancy (and so the scope layer) is on for this DataSource. */
export function hasScopes(dataSource: DataSource): boolean {
  return registries.has(dataSource);
}

/** The scopes of a DataSource (empty when tenancy is off). */
export function scopesOf(dataSource: DataSource): readonly Scope[] {
  return registries.get(dataSource) ?? [];
}

/** A user-defined default scope, e.g. "only published conferences". */
export interface ScopeDefinition {
  /** Unique per DataSource; the name to lift it with `withoutScopes([name], fn)`. */
  name: string;
  /** The entities it covers (as main entity and when joined). */
  entities: EntityTarget<ObjectLiteral>[];
  /** The condition for one alias; `column('status')` is the escaped, alias-qualified column. */
  where: (column: (databaseName: string) => string) => string;
  /** Values of the `:named` parameters in `where`; a function is evaluated per query, in context. */
  parameters?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Query kinds it limits. Default `['select']` (reads and joins). */
  queryTypes?: ScopedQueryType[];
}

/**
 * Adds a default scope to a DataSource with tenancy enabled. Parameter names must be unique across
 * scopes (prefix them with the scope name); values are always bound, never interpolated.
 *
 * @example
 * defineScope(dataSource, {
 *   name: 'published', entities: [Conference],
 *   where: (column) => `${column('status')} IN (:...publishedStatuses)`,
 *   parameters: { publishedStatuses: ['published', 'ongoing'] },
 * });
 * await withoutScopes(['published'], () => conferences.find()); // drafts too
 */
export function defineScope(dataSource: DataSource, definition: ScopeDefinition): void {
  const scopes = registries.get(dataSource);
  if (!scopes) throw new TypeError('defineScope(dataSource, …) needs enableTenancy(dataSource) first.');
  if (scopes.some((s) => s.name === definition.name)) throw new TypeError(`A scope named '${definition.name}' is already defined.`);
  const staticKeys = typeof definition.parameters === 'object' ? Object.keys(definition.parameters) : [];
  const taken = staticParameterNames.get(dataSource) ?? new Set([TENANT_PARAMETER]);
  const clash = staticKeys.find((k) => taken.has(k));
  if (clash) throw new TypeError(`Scope parameter '${clash}' is already used by another scope; prefix it with '${definition.name}'.`);
  staticKeys.forEach((k) => taken.add(k));
  staticParameterNames.set(dataSource, taken);
  let covered: Set<EntityMetadata> | undefined;
  const parameters = definition.parameters;
  scopes.push({
    name: definition.name,
    liftable: true,
    queryTypes: new Set(definition.queryTypes ?? ['select']),
    appliesTo(metadata) {
      covered ??= new Set(definition.entities.map((e) => dataSource.getMetadata(e)));
      return covered.has(metadata);
    },
    condition: (_metadata, query) => definition.where(query.column),
    parameters: parameters === undefined ? undefined : typeof parameters === 'function' ? parameters : () => parameters,
  });
}

/** How a scope refers to the alias it limits (built by the query-builder patches). */
export type ScopeRefs = Omit<ScopeQuery, 'type' | 'withDeleted'>;

/**
 * THE choke point of the read and bulk-write paths: the combined condition of every scope that
 * applies to `metadata` for this query, or undefined. Every patched query-builder path calls it.
 */
export function scopeCondition(
  dataSource: DataSource,
  metadata: EntityMetadata,
  type: ScopedQueryType,
  withDeleted: boolean,
  refs: ScopeRefs,
): string | undefined {
  const scopes = registries.get(dataSource);
  if (!scopes) return undefined;
  const lifted = liftedScopes();
  let sql: string | undefined;
  for (const scope of scopes) {
    if (!scope.queryTypes.has(type) || (scope.liftable && lifted.has(scope.name)) || !scope.appliesTo(metadata)) continue;
    const part = scope.condition(metadata, { ...refs, type, withDeleted });
    if (part) sql = sql === undefined ? `(${part})` : `${sql} AND (${part})`;
  }
  return sql;
}

/**
 * The bound values every scope needs, merged into each query's parameters after the caller's own
 * (so `setParameter` cannot replace them). A user scope whose `parameters()` returns the reserved
 * tenant parameter is refused at query time; the tenant scope's value is applied last.
 */
export function scopeParameters(dataSource: DataSource): Record<string, unknown> | undefined {
  const scopes = registries.get(dataSource);
  if (!scopes) return undefined;
  const merged: Record<string, unknown> = {};
  for (const scope of scopes) {
    if (!scope.parameters || scope === tenantScope) continue;
    const values = scope.parameters();
    if (Object.prototype.hasOwnProperty.call(values, TENANT_PARAMETER)) {
      throw new UnscopableQueryError(`a query with scope '${scope.name}'`, `Its parameters() returned '${TENANT_PARAMETER}', which is reserved for the tenant: rename that parameter.`);
    }
    Object.assign(merged, values);
  }
  return Object.assign(merged, tenantScope.parameters!());
}
