import 'reflect-metadata';
import { createDataSource } from './src/cli/data-source-from-url';

/**
 * The DataSource for `typeorm-ts-node-commonjs migration:run -d ormconfig.ts`: DATABASE_URL
 * (postgres://, mysql://, mariadb://) or, without it, the embedded PostgreSQL under ./.data.
 */
export const dataSource = createDataSource();
