import type { DataSource, ObjectLiteral, QueryRunner } from 'typeorm';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata';
import { RelationLoader } from 'typeorm/query-builder/RelationLoader';
import { hasScopes } from '../scope-registry';
import { patchMethod } from './patch-method';

type Loader = Pick<RelationLoader, 'load'> & { dataSource: DataSource };
type Lazy = Record<string, unknown>;

/**
 * Defines the lazy getter/setter of one relation with TypeORM's own storage keys (`__name__`,
 * `__promise_name__`, `__has_name__`, which TypeORM reads elsewhere), but without its floating
 * `then`: a load that fails (e.g. `TENANT_MISSING` outside any context) rejects only for the
 * caller, leaves no unhandled rejection behind, and is tried again on the next access.
 */
function defineLazyRelation(loader: Loader, relation: RelationMetadata, entity: ObjectLiteral, queryRunner?: QueryRunner): void {
  const name = relation.propertyName;
  const [data, pending, loaded] = [`__${name}__`, `__promise_${name}__`, `__has_${name}__`];
  const settle = (target: Lazy, promise: Promise<unknown>) => {
    delete target[loaded];
    delete target[data];
    target[pending] = promise;
    const done = () => target[pending] === promise && delete target[pending];
    promise.then(
      (value) => done() && Object.assign(target, { [data]: value, [loaded]: true }),
      () => done(), // the caller awaiting `promise` gets the error
    );
    return promise;
  };
  const single = relation.isOneToOne || relation.isManyToOne;
  Object.defineProperty(entity, name, {
    get(this: Lazy) {
      if (this[loaded] === true || this[data] !== undefined) return Promise.resolve(this[data]);
      if (this[pending]) return this[pending];
      const rows = loader.load(relation, this, queryRunner) as Promise<unknown[]>;
      return settle(this, rows.then((result) => (single ? (result.length === 0 ? null : result[0]) : result)));
    },
    set(this: Lazy, value: unknown) {
      if (value instanceof Promise) settle(this, value);
      else Object.assign(this, { [data]: value, [loaded]: true }) && delete this[pending];
    },
    configurable: true,
    enumerable: false,
  });
}

/** Patch point: RelationLoader.enableLazyLoad (DataSources with tenancy only). */
export function installLazyRelationPatch(): void {
  patchMethod(RelationLoader, 'enableLazyLoad', (original) =>
    function enableLazyLoad(this: Loader, relation: RelationMetadata, entity: ObjectLiteral, queryRunner?: QueryRunner) {
      if (!hasScopes(this.dataSource)) return original.call(this, relation, entity, queryRunner);
      defineLazyRelation(this, relation, entity, queryRunner);
    },
  );
}
