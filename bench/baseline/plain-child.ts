/**
 * Child-process entry of the plain-TypeORM baseline (started by plain-process.ts). Loads TypeORM,
 * the drivers, bench/operations.ts and TypeORM-only copies of the test entities: no file of the
 * library (src/) or of test/, so no `enableTenancy`, no patches, no AsyncLocalStorage. Checks that
 * before the first round and after each one, and answers the parent's requests over IPC.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';

// Count every store entered in this process, by anyone: the baseline must not pay the hook.
let storesEntered = 0;
const als = AsyncLocalStorage.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const method of ['run', 'enterWith']) {
  const original = als[method];
  als[method] = function (this: unknown, ...args: unknown[]) {
    storesEntered++;
    return original.apply(this, args);
  };
}

import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { direct, queries, round, wrongAnswers, entitySignature, type Fixture } from '../operations';
import { Label, plainEntities, Project, Task } from './plain-entities';

/** The marker `patchMethod` (src/scopes/patches/patch-method.ts) puts on every patched method. */
const PATCHED = Symbol.for('typeorm-tenancy.patched');
/** The library's patch points (src/scopes/typeorm-internals.ts, PATCH_POINTS), by defining module. */
const PATCH_POINTS: Array<[string, string, string]> = [
  ['query-builder/QueryBuilder', 'QueryBuilder', 'createWhereExpression'],
  ['query-builder/QueryBuilder', 'QueryBuilder', 'getParameters'],
  ['query-builder/SelectQueryBuilder', 'SelectQueryBuilder', 'buildJoinClause'],
  ['query-builder/SelectQueryBuilder', 'SelectQueryBuilder', 'join'],
  ['query-builder/SelectQueryBuilder', 'SelectQueryBuilder', 'loadRawResults'],
  ['query-builder/InsertQueryBuilder', 'InsertQueryBuilder', 'execute'],
  ['query-builder/InsertQueryBuilder', 'InsertQueryBuilder', 'createInsertExpression'],
  ['query-builder/RelationUpdater', 'RelationUpdater', 'update'],
  ['query-builder/RelationRemover', 'RelationRemover', 'remove'],
  ['persistence/SubjectDatabaseEntityLoader', 'SubjectDatabaseEntityLoader', 'load'],
  ['persistence/SubjectExecutor', 'SubjectExecutor', 'executeUpdateOperations'],
  ['entity-manager/EntityManager', 'EntityManager', 'clear'],
];

const root = resolve(__dirname, '..', '..');
const forbidden = [resolve(root, 'src') + sep, resolve(root, 'test') + sep];

/** What would make this process not plain TypeORM; empty lists and 0 when it is plain. */
export interface Purity { libraryModules: string[]; patched: string[]; storesEntered: number }

function purity(): Purity {
  const libraryModules = Object.keys(require.cache).filter((file) => forbidden.some((dir) => file.startsWith(dir)));
  const patched: string[] = [];
  // 1. Each patch point is the very function of TypeORM's compiled file (its text is in the file).
  for (const [module, owner, method] of PATCH_POINTS) {
    const file = require.resolve(`typeorm/${module}`);
    const fn = (require(file) as Record<string, { prototype: Record<string, unknown> }>)[owner].prototype[method];
    if (typeof fn !== 'function' || !readFileSync(file, 'utf8').includes(Function.prototype.toString.call(fn))) patched.push(`${owner}.${method}`);
  }
  // 2. No method of any loaded TypeORM or pg class carries the library's marker.
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!/node_modules[\\/](typeorm|pg[^\\/]*|mysql2)[\\/]/.test(file) || !mod) continue;
    for (const value of Object.values((mod.exports ?? {}) as Record<string, unknown>)) {
      if (typeof value !== 'function' || !value.prototype) continue;
      for (const name of Object.getOwnPropertyNames(value.prototype)) {
        const d = Object.getOwnPropertyDescriptor(value.prototype, name);
        if (typeof d?.value === 'function' && (d.value as Record<symbol, unknown>)[PATCHED]) patched.push(`${value.name}.${name}`);
      }
    }
  }
  return { libraryModules, patched, storesEntered };
}

type Request =
  | { id: number; kind: 'open'; key: string; options: DataSourceOptions; signatures: Record<string, string>; fixture: Fixture }
  | { id: number; kind: 'round'; key: string; query: number; concurrency: number }
  | { id: number; kind: 'verify'; key: string }
  | { id: number; kind: 'close' };

const entities = { Task, Project };
const ops = queries(entities);
const open = new Map<string, { ds: DataSource; fixture: Fixture }>();

async function handle(request: Request): Promise<unknown> {
  switch (request.kind) {
    case 'open': {
      const ds = new DataSource({ ...request.options, entities: plainEntities } as DataSourceOptions);
      await ds.initialize();
      for (const [name, target] of Object.entries({ Task, Project, Label })) {
        const mine = entitySignature(ds, target);
        if (mine !== request.signatures[name]) {
          await ds.destroy();
          throw new Error(`bench/baseline/plain-entities.ts ${name} differs from the test entity:\n  child:  ${mine}\n  parent: ${request.signatures[name]}`);
        }
      }
      open.set(request.key, { ds, fixture: request.fixture });
      return null;
    }
    case 'round': {
      const { ds, fixture } = open.get(request.key)!;
      return round(ds, fixture, ops[request.query][1], request.concurrency, direct);
    }
    case 'verify': {
      const { ds, fixture } = open.get(request.key)!;
      return wrongAnswers(ds, fixture, entities, direct);
    }
    case 'close':
      for (const { ds } of open.values()) await ds.destroy();
      open.clear();
      return null;
  }
}

if (process.send) {
  process.on('message', (request: Request) => {
    handle(request).then(
      (value) => process.send!({ id: request.id, ok: true, value, purity: purity() }),
      (error: Error) => process.send!({ id: request.id, ok: false, error: error.stack ?? String(error), purity: purity() }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ id: 0, ok: true, value: null, purity: purity() });
}
