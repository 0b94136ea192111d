import { DataSource, getMetadataArgsStorage, InsertQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * The exact TypeORM version whose internals this library extends (also pinned in package.json).
 *
 * @example
 * SUPPORTED_TYPEORM_VERSION; // '1.1.1'
 */
export const SUPPORTED_TYPEORM_VERSION = '1.1.1';

/**
 * Every TypeORM method the scope layer replaces, with the parameter count (`Function.length`) it
 * has in 1.1.1. `patchMethod` refuses to patch anything else or anything whose shape changed.
 */
export const PATCH_POINTS: Readonly<Record<string, number>> = {
  'QueryBuilder.createWhereExpression': 0,
  'QueryBuilder.getParameters': 0,
  'SelectQueryBuilder.buildJoinClause': 4,
  'SelectQueryBuilder.join': 8,
  'SelectQueryBuilder.loadRawResults': 1,
  'InsertQueryBuilder.execute': 0,
  'InsertQueryBuilder.createInsertExpression': 0,
  'RelationUpdater.update': 1,
  'RelationRemover.remove': 1,
  'SubjectDatabaseEntityLoader.load': 1,
  'SubjectExecutor.executeUpdateOperations': 0,
  'SelectQueryBuilder.stream': 0,
  'PostgresQueryRunner.clearTable': 2,
  'MysqlQueryRunner.clearTable': 2,
  'RelationLoader.enableLazyLoad': 3,
};

/** Query-expression fields the layer reads or sets, present on every fresh query builder. */
const EXPRESSION_FIELDS = ['extraAppendedAndWhereCondition', 'withDeleted', 'aliasNamePrefixingEnabled', 'joinAttributes', 'aliases', 'queryType'];

function installedTypeormVersion(): string {
  const main = require.resolve('typeorm');
  // TypeORM's `exports` map hides package.json from a plain require of 'typeorm/package.json'.
  return (require(main.replace(/index\.js$/, 'package.json')) as { version: string }).version;
}

const isFunction = (owner: { prototype: object }, name: string) => typeof (owner.prototype as Record<string, unknown>)[name] === 'function';

/**
 * Every TypeORM internal the library relies on besides the patch points, checked by shape.
 * Returns the problems (empty when all is well).
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
  const used: Array<[{ name: string; prototype: object }, string]> = [
    [DataSource, 'buildMetadatas'], // enableTenancy hooks metadata building
    [ColumnMetadata, 'getEntityValue'],
    [ColumnMetadata, 'setEntityValue'],
    [EntityMetadata, 'getEntityIdMixedMap'], // ids of RelationQueryBuilder values
    [InsertQueryBuilder, 'getValueSets'], // rows of an insert, before SQL is built
    [InsertQueryBuilder, 'getMainTableName'],
    [InsertQueryBuilder, 'getTableName'],
  ];
  for (const [owner, name] of used) if (!isFunction(owner, name)) problems.push(`${owner.name}.prototype.${name} is gone.`);
  if (!Array.isArray(getMetadataArgsStorage().entityListeners)) problems.push('MetadataArgsStorage.entityListeners is gone.');
  const map = new DataSource({ type: 'postgres' }).createQueryBuilder().expressionMap as unknown as Record<string, unknown>;
  for (const field of EXPRESSION_FIELDS) if (!(field in map)) problems.push(`QueryExpressionMap.${field} is gone.`);
  // Row-level security attaches to the pg pools PostgresDriver keeps in `master` and `slaves`.
  const driver = new DataSource({ type: 'postgres' }).driver as unknown as Record<string, unknown>;
  if (!Array.isArray(driver.slaves)) problems.push('PostgresDriver.slaves is gone (master is checked on connect).');
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
