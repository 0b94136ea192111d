import { entitiesPhase00to03 } from './schema-entities-00-03';
import { entitiesPhase04to09 } from './schema-entities-04-09';
import { Tenant } from './tenant.entity';

let bundled: ReadonlySet<unknown> | undefined;

/**
 * Whether `target` is one of `bundledEntities`, whose tables the bundled migrations write (so their
 * DDL, defaults included, is known). Internal.
 *
 * @example
 * isBundledEntity(dataSource.getMetadata(Conference).target); // true
 */
export function isBundledEntity(target: unknown): boolean {
  bundled ??= new Set<unknown>([Tenant, ...entitiesPhase00to03, ...entitiesPhase04to09]);
  return bundled.has(target);
}
