import type { DataSourceOptions } from 'typeorm';
import { usingDataSource } from '../connection-error';
import type { CommandDataSourceOptions } from '../command-data-source';
import { openMigrationDataSource } from '../migrate/open-migration-data-source';
import { renderLintReport } from './render-lint';
import { runLint, type LintOptions } from './run-lint';

/**
 * Options of {@link lintCommand}: where the DataSource comes from, the lint's options, how to print.
 *
 * @example
 * const options: LintCommandOptions = { dataSourceFile: 'src/ormconfig.ts', largeTableRows: 100_000, json: true };
 */
export interface LintCommandOptions extends CommandDataSourceOptions, LintOptions {
  /** Print the report as JSON instead of text. */
  json?: boolean;
  colour?: boolean;
}

/**
 * `typeorm-tenancy lint`: opens the application's DataSource (`-d file`, or a URL / DATABASE_URL /
 * embedded; `-d` with `--url` as `migrate` takes them) inertly — no synchronize, schema drop, migrations on connect, subscribers or
 * extension install — runs {@link runLint} and prints the report. Exit code 0 when no finding fails, 1
 * otherwise (or when it cannot run).
 *
 * @example
 * process.exitCode = await lintCommand({ dataSourceFile: 'src/ormconfig.ts', json: true });
 */
export async function lintCommand(options: LintCommandOptions = {}, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  // -d and --url as for migrate: with both, the file is loaded for that URL and must connect there.
  const dataSource = await openMigrationDataSource({ dataSourceFile: options.dataSourceFile, url: options.url });
  // As TypeORM's migration:run does: nothing on connect may change the target, and neither may the
  // PostgreSQL driver's extension install (CREATE EXTENSION for what the entities need).
  const { installExtensions } = dataSource.options as { installExtensions?: boolean };
  dataSource.setOptions({ synchronize: false, migrationsRun: false, dropSchema: false, subscribers: [], installExtensions: false } as Partial<DataSourceOptions>);
  return usingDataSource(dataSource, options.url || process.env.DATABASE_URL || undefined, async () => {
    // The scratch database copies these options: there the migrations run as they would for real.
    dataSource.setOptions({ installExtensions } as Partial<DataSourceOptions>);
    const report = await runLint(dataSource, options);
    write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderLintReport(report, { colour: options.colour }));
    return report.ok ? 0 : 1;
  });
}
