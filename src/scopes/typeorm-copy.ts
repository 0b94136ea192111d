import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One installed TypeORM package: where it is and which version it is. */
export interface TypeormCopy {
  /** The package directory (the one holding its package.json). */
  readonly directory: string;
  /** `version` of that package.json. */
  readonly version: string;
}

/** The module that defines `DataSource` in every TypeORM 0.3+ CommonJS build. */
const DATA_SOURCE_MODULE = /[\\/]data-source[\\/]DataSource\.c?js$/;

function packageAbove(file: string): TypeormCopy | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    // TypeORM ships nested package.json files ({"type": …}) without a name: keep climbing.
    if (pkg.name && pkg.version) return { directory: dir, version: pkg.version };
  }
  return undefined;
}

/**
 * The TypeORM copy this library itself loads, i.e. the one whose prototypes `enableTenancy`
 * patches (resolved from this file, as `import 'typeorm'` is).
 *
 * @example
 * loadedTypeormCopy(); // { directory: '/app/node_modules/typeorm', version: '1.1.1' }
 */
export function loadedTypeormCopy(): TypeormCopy {
  const main = require.resolve('typeorm');
  const copy = packageAbove(main);
  if (!copy) throw new Error(`typeorm-tenancy: no package.json above ${main}`);
  return copy;
}

/**
 * The TypeORM copy a DataSource was built by: the package holding the module that defines its
 * class (or the `DataSource` class it extends), found among the loaded CommonJS modules. Two
 * copies of the same version are told apart by `directory`.
 *
 * Returns undefined when no loaded module defines the class (a bundled application, an ES-module
 * build, or not a DataSource at all); callers then fall back to `instanceof`.
 *
 * @example
 * typeormCopyOf(new DataSource({ type: 'postgres' }))?.version; // '1.1.0' in an app on 1.1.0
 */
export function typeormCopyOf(dataSource: unknown): TypeormCopy | undefined {
  if (typeof dataSource !== 'object' || dataSource === null) return undefined;
  const classes = new Set<unknown>();
  for (let proto = Object.getPrototypeOf(dataSource); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    classes.add((proto as { constructor?: unknown }).constructor);
  }
  for (const file of Object.keys(require.cache)) {
    if (!DATA_SOURCE_MODULE.test(file)) continue;
    const exported = (require.cache[file]?.exports as { DataSource?: unknown } | undefined)?.DataSource;
    if (exported && classes.has(exported)) return packageAbove(file);
  }
  return undefined;
}
