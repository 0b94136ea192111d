import { TenancyError } from './tenancy-error';

/**
 * `typeorm-tenancy lint` could not create (or connect to) its scratch database beside the target;
 * nothing was changed on the target. Usually the connecting user may not create databases: run the
 * lint as the role that runs the migrations, with `CREATEDB` (PostgreSQL) or `CREATE` (MySQL family).
 *
 * @example
 * await runLint(dataSource); // LINT_SCRATCH_DATABASE: cannot create the scratch database shop_lint_…
 */
export class LintScratchDatabaseError extends TenancyError {
  readonly code = 'LINT_SCRATCH_DATABASE' as const;

  constructor(
    readonly database: string,
    readonly reason: string,
  ) {
    super(
      `typeorm-tenancy lint cannot create the scratch database ${database} beside the target (${reason}). ` +
        'The lint runs the pending migrations there, never on the target: connect as a user that may create databases ' +
        '(PostgreSQL CREATEDB, MySQL family CREATE), e.g. the role that runs the migrations.',
    );
  }
}
