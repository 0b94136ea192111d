import { extname, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { TenancySetupError } from '../errors';
import { createDataSource, type CreateDataSourceOptions } from './data-source-from-url';

/** Where a command gets its DataSource: the user's file (`-d`), a URL, else `DATABASE_URL` / embedded. */
export interface CommandDataSourceOptions extends CreateDataSourceOptions {
  /** A file exporting the application's DataSource, as TypeORM's CLI takes with `-d` (`.ts` needs ts-node). */
  dataSourceFile?: string;
}

/** Registers ts-node (installed next to the app) so a `.ts` DataSource file can be required. */
function registerTypeScript(file: string): void {
  // ts-node marks the process once registered (the app's own `ts-node` run, or a previous call).
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')]) return;
  let tsNode: { register(options: object): unknown };
  try {
    tsNode = require(require.resolve('ts-node', { paths: [process.cwd()] })) as typeof tsNode;
  } catch {
    throw new TenancySetupError(
      `the TypeScript DataSource file ${file} without ts-node`,
      'Install ts-node next to the application (npm install -D ts-node) or point -d at the compiled .js file.',
    );
  }
  tsNode.register({ transpileOnly: true });
}

/**
 * The DataSource a CLI command works on (not initialized): the one exported by the user's file
 * (`-d ormconfig.ts`, loaded the way TypeORM's CLI loads it, so its entities, migrations and
 * `enableTenancy` call are the application's own), else {@link createDataSource} for `url`,
 * `DATABASE_URL` or the embedded PostgreSQL.
 *
 * @example
 * const ds = await openCommandDataSource({ dataSourceFile: 'src/ormconfig.ts' });
 * await ds.initialize();
 */
export async function openCommandDataSource(options: CommandDataSourceOptions = {}): Promise<DataSource> {
  if (!options.dataSourceFile) return createDataSource(options);
  const file = resolve(process.cwd(), options.dataSourceFile);
  if (['.ts', '.mts', '.cts'].includes(extname(file))) registerTypeScript(file);
  const { CommandUtils } = await import('typeorm/commands/CommandUtils');
  return CommandUtils.loadDataSource(file);
}
