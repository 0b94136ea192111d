import { DataSource } from 'typeorm';
import { connectionOptionsFromUrl, createDataSource, EMBEDDED_APP_ROLE, type CreateDataSourceOptions } from '../data-source-from-url';
import { explainConnectionError } from '../connection-error';
import { renderDoctorSummary } from './render-doctor-summary';
import { renderDoctorTable } from './render-doctor-table';
import { runDoctor, type DoctorOptions } from './run-doctor';
import { detectCitusProfile } from '../../dialect/citus/citus-profile';

/** Options of {@link doctorCommand}: where to connect, what to check, how to print. */
export interface DoctorCommandOptions extends CreateDataSourceOptions, DoctorOptions {
  /** Print the report as JSON (for machines) instead of the table. */
  json?: boolean;
  /** ANSI colours in the table. */
  colour?: boolean;
}

/**
 * The embedded database as an application would use it: as `tenancy_app` once `npm start` has
 * created that role, else (a database `npm start` never ran on) as its superuser.
 */
async function openEmbedded(dataDir: string | undefined): Promise<DataSource> {
  try {
    return await createDataSource({ dataDir, embeddedRole: EMBEDDED_APP_ROLE });
  } catch (error) {
    if (!/role .* does not exist/.test(String((error as Error)?.message))) throw error;
    return createDataSource({ dataDir });
  }
}

/**
 * `typeorm-tenancy doctor`: connects (`url`, else `DATABASE_URL`, else the embedded PostgreSQL
 * under ./.data, as its application role when `npm start` created one), runs {@link runDoctor} without migrating or writing anything, prints the table
 * and summary (or the JSON report) and returns the exit code: 0 when no check failed, 1 otherwise.
 * A URL gets a plain DataSource of one connection: no entities to load and no tenancy session
 * layer, which would replace the system key (`TENANCY_SYSTEM_KEY`) the doctor sets for itself.
 *
 * @example
 * process.exitCode = await doctorCommand({ url: process.env.DATABASE_URL, json: true });
 */
export async function doctorCommand(options: DoctorCommandOptions = {}, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const url = options.url || process.env.DATABASE_URL;
  const dataSource = url
    ? new DataSource({ ...connectionOptionsFromUrl(url), ...(url.startsWith('postgres') ? { extra: { max: 1 } } : {}) })
    : await openEmbedded(options.dataDir);
  try {
    await dataSource.initialize().catch((error) => {
      throw explainConnectionError(error, url);
    });
    // The definitions are compared in this database's profile (Citus or one server).
    await detectCitusProfile(dataSource);
    const report = await runDoctor(dataSource, options);
    write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDoctorTable(report, { colour: options.colour })}\n${renderDoctorSummary(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    // A failed connect leaves nothing to close, and destroy() would hide why it failed; the
    // embedded server's destroy() also stops PGlite, so it always runs.
    if (dataSource.isInitialized || !url) await dataSource.destroy();
  }
}
