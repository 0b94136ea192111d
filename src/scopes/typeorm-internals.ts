import { DataSource, getMetadataArgsStorage, InsertQueryBuilder } from 'typeorm';
import { CheckMetadata } from 'typeorm/metadata/CheckMetadata';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { ForeignKeyMetadata } from 'typeorm/metadata/ForeignKeyMetadata';
import { IndexMetadata } from 'typeorm/metadata/IndexMetadata';
import { UniqueMetadata } from 'typeorm/metadata/UniqueMetadata';
import { RdbmsSchemaBuilder } from 'typeorm/schema-builder/RdbmsSchemaBuilder';
import { TenancySetupError } from '../errors/tenancy-setup-error';
import { loadedTypeormCopy, typeormCopyOf, type TypeormCopy } from './typeorm-copy';

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
  // The write observer (src/scopes/write-observer.ts; the audit log):
  'UpdateQueryBuilder.execute': 0,
  'DeleteQueryBuilder.execute': 0,
  'SoftDeleteQueryBuilder.execute': 0,
  'SubjectExecutor.execute': 0,
};

/** Query-expression fields the layer reads or sets, present on every fresh query builder. */
const EXPRESSION_FIELDS = ['extraAppendedAndWhereCondition', 'withDeleted', 'aliasNamePrefixingEnabled', 'joinAttributes', 'aliases', 'queryType'];

const isFunction = (owner: { prototype: object }, name: string) => typeof (owner.prototype as Record<string, unknown>)[name] === 'function';

/** What to run, in every refusal about the TypeORM install. */
export const REINSTALL_TYPEORM =
  `Run \`npm install typeorm@${SUPPORTED_TYPEORM_VERSION}\` in the application, then \`npm ls typeorm\` must show one copy ` +
  `(${SUPPORTED_TYPEORM_VERSION}, every other line "deduped").`;

function versionProblem(copy: TypeormCopy, whose: string): string | undefined {
  if (copy.version === SUPPORTED_TYPEORM_VERSION) return undefined;
  return `TypeORM ${copy.version} (${copy.directory}, ${whose})`;
}

/**
 * Every TypeORM internal the library relies on besides the patch points, checked by shape on the
 * copy this library loads; with a DataSource, first the version of the copy that DataSource comes
 * from. Returns the problems (empty when all is well). Shapes are only inspected on the exact
 * supported version: on another one (0.3.x lacks half of them) the version is the problem.
 *
 * @example
 * expect(typeormInternalProblems()).toEqual([]);
 */
export function typeormInternalProblems(dataSource?: object): string[] {
  const loaded = loadedTypeormCopy();
  const own = dataSource ? typeormCopyOf(dataSource) : undefined;
  const versions = [
    own && versionProblem(own, 'the copy this DataSource was created with'),
    (!own || own.directory !== loaded.directory) && versionProblem(loaded, 'the copy typeorm-tenancy loads and patches'),
  ].filter((problem): problem is string => typeof problem === 'string');
  if (versions.length) return versions;
  const problems: string[] = [];
  const used: Array<[{ name: string; prototype: object }, string]> = [
    [DataSource, 'buildMetadatas'], // enableTenancy hooks metadata building
    [ColumnMetadata, 'getEntityValue'],
    [ColumnMetadata, 'setEntityValue'],
    [EntityMetadata, 'getEntityIdMixedMap'], // ids of RelationQueryBuilder values
    [InsertQueryBuilder, 'getValueSets'], // rows of an insert, before SQL is built
    [InsertQueryBuilder, 'getMainTableName'],
    [InsertQueryBuilder, 'getTableName'],
    [RdbmsSchemaBuilder, 'executeSchemaSyncOperationsInProperOrder'], // column forms follow the live schema
    [RdbmsSchemaBuilder, 'createTypeormMetadataTable'], // generated live markers are filed where TypeORM's diff reads them
    [IndexMetadata, 'build'], // @DefinedEntity: keys, checks and indexes from the table definition
    [UniqueMetadata, 'build'],
    [CheckMetadata, 'build'],
    [ForeignKeyMetadata, 'build'],
  ];
  for (const [owner, name] of used) if (!isFunction(owner, name)) problems.push(`${owner.name}.prototype.${name} is gone`);
  if (!Array.isArray(getMetadataArgsStorage().entityListeners)) problems.push('MetadataArgsStorage.entityListeners is gone');
  try {
    const map = new DataSource({ type: 'postgres' }).createQueryBuilder().expressionMap as unknown as Record<string, unknown>;
    for (const field of EXPRESSION_FIELDS) if (!(field in map)) problems.push(`QueryExpressionMap.${field} is gone`);
    // Row-level security attaches to the pg pools PostgresDriver keeps in `master` and `slaves`.
    const driver = new DataSource({ type: 'postgres' }).driver as unknown as Record<string, unknown>;
    if (!Array.isArray(driver.slaves)) problems.push('PostgresDriver.slaves is gone (master is checked on connect)');
  } catch (error) {
    problems.push(`a bare postgres DataSource cannot build a query builder (${(error as Error).message})`);
  }
  return problems;
}

let shapesChecked = false;

/**
 * Refuses, before anything is patched, a TypeORM this library cannot extend safely: a DataSource
 * whose own copy (found from the module defining its class) is not exactly
 * {@link SUPPORTED_TYPEORM_VERSION}, a loaded copy of another version, or internals whose shape
 * changed. Every problem is listed in one TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) whose
 * message says what to run. The shape check runs once per process.
 *
 * @example
 * assertTypeormInternals(dataSource); // throws in an app whose `npm ls typeorm` shows 1.1.0
 */
export function assertTypeormInternals(dataSource?: object): void {
  const own = dataSource ? typeormCopyOf(dataSource) : undefined;
  if (shapesChecked && (!own || own.version === SUPPORTED_TYPEORM_VERSION)) return;
  const problems = typeormInternalProblems(dataSource);
  if (problems.length) {
    throw new TenancySetupError(
      problems.join('; '),
      `typeorm-tenancy patches TypeORM internals and is verified for exactly ${SUPPORTED_TYPEORM_VERSION} (a peer dependency). ${REINSTALL_TYPEORM}`,
    );
  }
  shapesChecked = true;
}
