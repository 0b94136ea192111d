import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** The exact TypeORM version whose internals this library extends (also pinned in package.json). */
export const SUPPORTED_TYPEORM_VERSION = '1.1.1';

/** Loads TypeORM's package.json (its `exports` map hides it from a plain require). */
function installedTypeormVersion(): string {
  const main = require.resolve('typeorm');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(main.replace(/index\.js$/, 'package.json')) as { version: string }).version;
}

/**
 * Every TypeORM internal the library relies on, checked by shape. Returns the problems (empty when
 * all is well); `enableTenancy` throws on the first run if any is found, and a test fails loudly.
 *
 * @example
 * expect(typeormInternalProblems()).toEqual([]);
 */
export function typeormInternalProblems(): string[] {
  const problems: string[] = [];
  const version = installedTypeormVersion();
  if (version !== SUPPORTED_TYPEORM_VERSION) {
    problems.push(`TypeORM ${version} is installed; typeorm-tenancy is built and tested against exactly ${SUPPORTED_TYPEORM_VERSION}.`);
  }
  const dataSource = DataSource.prototype as unknown as Record<string, unknown>;
  // enableTenancy wraps buildMetadatas to adapt column types and add the write subscriber.
  if (typeof dataSource.buildMetadatas !== 'function') problems.push('DataSource.prototype.buildMetadatas is gone.');
  // The write subscriber reads and writes rows through column metadata.
  for (const method of ['getEntityValue', 'setEntityValue']) {
    if (typeof (ColumnMetadata.prototype as unknown as Record<string, unknown>)[method] !== 'function') {
      problems.push(`ColumnMetadata.prototype.${method} is gone.`);
    }
  }
  // UuidV7Entity registers its id listener directly in the metadata args storage.
  if (!Array.isArray(getMetadataArgsStorage().entityListeners)) problems.push('MetadataArgsStorage.entityListeners is gone.');
  return problems;
}

let checked = false;

/** Throws once, with every problem listed, when TypeORM's internals are not what we extend. */
export function assertTypeormInternals(): void {
  if (checked) return;
  const problems = typeormInternalProblems();
  if (problems.length) throw new Error(`typeorm-tenancy cannot run safely on this TypeORM:\n- ${problems.join('\n- ')}`);
  checked = true;
}
