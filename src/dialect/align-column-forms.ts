import { TableColumn, type DataSource, type EntityMetadata, type Table } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { TableUtils } from 'typeorm/schema-builder/util/TableUtils';

/** What decides how a column is stored. */
export interface ColumnForm {
  type: ColumnMetadata['type'];
  length: ColumnMetadata['length'];
  precision: ColumnMetadata['precision'];
  charset: ColumnMetadata['charset'];
  collation: ColumnMetadata['collation'];
}

/** Per adapted column: the form TypeORM built and the form of our DDL. Foreign keys after what they reference. */
export type ColumnForms = Map<ColumnMetadata, { readonly typeorm: ColumnForm; readonly adapted: ColumnForm }>;

/** The parts of TypeORM's RdbmsSchemaBuilder used here (internals of the pinned 1.1.1). */
interface SchemaBuilderInternals {
  tables: Table[];
  getTablePath(target: Table | EntityMetadata): string;
  build(): Promise<void>;
  log(): Promise<unknown>;
  executeSchemaSyncOperationsInProperOrder(): Promise<void>;
}

const hooked = new WeakSet<object>();

/**
 * Before every schema diff of this DataSource (`synchronize()`, `migration:generate`,
 * `schema:log`: all go through `driver.createSchemaBuilder()`), gives each adapted column the form
 * its live column already has, so the diff never turns a type difference into DROP + ADD COLUMN.
 * A column that does not exist yet takes our DDL's form (a foreign key: the form its target took).
 * Live columns are chosen in this order: the form that matches them entirely (ours first), else
 * the one with their type and length, else TypeORM's (what plain TypeORM would do). Internal.
 *
 * @example
 * alignColumnFormsWithLiveSchema(dataSource, forms); // by adaptColumnMetadata
 * await dataSource.synchronize();                    // keeps every existing column's type
 */
export function alignColumnFormsWithLiveSchema(dataSource: DataSource, forms: ColumnForms): void {
  const driver = dataSource.driver;
  if (forms.size === 0 || hooked.has(driver)) return;
  hooked.add(driver);
  const create = driver.createSchemaBuilder.bind(driver);
  driver.createSchemaBuilder = () => {
    const schemaBuilder = create();
    const builder = schemaBuilder as unknown as SchemaBuilderInternals;
    const { build, log, executeSchemaSyncOperationsInProperOrder: run } = builder;
    if ([build, log, run, builder.getTablePath].some((m) => typeof m !== 'function')) {
      throw new Error("typeorm-tenancy: TypeORM's schema builder changed shape (executeSchemaSyncOperationsInProperOrder); install typeorm@1.1.1.");
    }
    let aligned = false;
    // TypeORM reads the live catalog relative to the metadata (a length equal to the metadata's is
    // dropped as "default"): load it with TypeORM's own forms, so it reads as plain TypeORM reads it.
    const loadingAsTypeorm = <T>(method: () => Promise<T>) =>
      async function (this: SchemaBuilderInternals): Promise<T> {
        const previous = [...forms.keys()].map((column) => [column, formOf(column)] as const);
        for (const [column, { typeorm }] of forms) Object.assign(column, typeorm);
        aligned = false;
        try {
          return await method.call(this);
        } finally {
          if (!aligned) for (const [column, form] of previous) Object.assign(column, form);
        }
      };
    builder.build = loadingAsTypeorm(build);
    builder.log = loadingAsTypeorm(log);
    // Patch point: build() and log() load the live tables into `tables`, then call this method.
    builder.executeSchemaSyncOperationsInProperOrder = function (this: SchemaBuilderInternals) {
      alignForms(dataSource, forms, this);
      aligned = true;
      return run.call(this);
    };
    return schemaBuilder;
  };
}

/** The form a column has now, e.g. `formOf(column).type === 'uuid'`. */
export const formOf = (column: ColumnMetadata): ColumnForm => ({
  type: column.type,
  length: column.length,
  precision: column.precision,
  charset: column.charset,
  collation: column.collation,
});

function alignForms(dataSource: DataSource, forms: ColumnForms, builder: SchemaBuilderInternals): void {
  const driver = dataSource.driver;
  const chosen = new Map<ColumnMetadata, 'typeorm' | 'adapted'>();
  for (const [column, variants] of forms) {
    const path = builder.getTablePath(column.entityMetadata);
    const live = builder.tables.find((t) => builder.getTablePath(t) === path)?.columns.find((c) => c.name === column.databaseName);
    let pick: 'typeorm' | 'adapted';
    if (!live) {
      pick = (column.referencedColumn && chosen.get(column.referencedColumn)) || 'adapted';
    } else {
      const fits = (name: 'typeorm' | 'adapted') => (Object.assign(column, variants[name]), driver.findChangedColumns([live], [column]).length === 0);
      // Type and length are what TypeORM's changeColumn recreates a column for.
      const keeps = (name: 'typeorm' | 'adapted') => {
        Object.assign(column, variants[name]);
        const wanted = new TableColumn(TableUtils.createTableColumnOptions(column, driver));
        return wanted.type === live.type && wanted.length === live.length;
      };
      pick = fits('adapted') ? 'adapted' : fits('typeorm') ? 'typeorm' : keeps('adapted') ? 'adapted' : 'typeorm';
    }
    Object.assign(column, variants[pick]);
    chosen.set(column, pick);
  }
}
