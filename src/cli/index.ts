export { createDataSource, connectionOptionsFromUrl, type CreateDataSourceOptions } from './data-source-from-url';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { start } from './start';
