import { TenancyError } from './tenancy-error';

/**
 * The embedded PostgreSQL (the CLI's and `createDataSource`'s default when no database URL is
 * given) needs PGlite, an optional peer dependency that is not installed. Nothing was started.
 * The message names the packages with their versions, and the alternative (a URL).
 *
 * @example
 * await createDataSource(); // no DATABASE_URL, no @electric-sql/pglite → EMBEDDED_DATABASE_MISSING
 */
export class EmbeddedDatabaseMissingError extends TenancyError {
  readonly code = 'EMBEDDED_DATABASE_MISSING' as const;

  constructor(
    /** The package that could not be resolved. */
    readonly missingPackage: string,
    /** Every package the embedded database needs, with the version this library is tested with. */
    readonly packages: Readonly<Record<string, string>>,
  ) {
    const install = Object.entries(packages).map(([name, version]) => `${name}@${version}`);
    super(
      `The embedded PostgreSQL (used when no --url and no DATABASE_URL is given) needs the optional packages ` +
        `${install.join(' and ')}, and ${missingPackage} is not installed. Install them with ` +
        `\`npm install ${install.join(' ')}\`, or pass --url postgres://… | mysql://… | mariadb://… ` +
        '(or set DATABASE_URL) to use a database server instead.',
    );
  }
}
