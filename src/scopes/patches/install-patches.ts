import { installCachePatch } from './cache-patch';
import { installInsertPatch } from './insert-patch';
import { installJoinPatch } from './join-patch';
import { installLazyRelationPatch } from './lazy-relation-patch';
import { installPersistencePatch } from './persistence-patch';
import { installRelationPatch } from './relation-patch';
import { installRunnerPatch } from './runner-patch';
import { installStreamPatch } from './stream-patch';
import { installWherePatch } from './where-patch';
import { installWriteObserverPatch } from './write-observer-patch';

/**
 * Installs the scope layer into TypeORM's query builders, once per process. The patches do nothing
 * for a DataSource without `enableTenancy`, so plain DataSources behave exactly like TypeORM.
 */
export function installPatches(): void {
  installWherePatch();
  installJoinPatch();
  installInsertPatch();
  installRelationPatch();
  installCachePatch();
  installPersistencePatch();
  installRunnerPatch();
  installStreamPatch();
  installLazyRelationPatch();
  installWriteObserverPatch();
}
