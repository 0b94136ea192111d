/**
 * The operational migration commands: `migrate`, `revert` and `rehearse` (docs/deploying.md).
 * Internal to the CLI; the command functions take an initialized DataSource so tests and tools can
 * call them in-process.
 */
export { migrateCommand, runMigrate, type MigrateOptions, type MigrateOutcome } from './migrate-command';
export { revertCommand, runRevert, type RevertOptions, type RevertOutcome } from './revert-command';
export { rehearseCommand, runRehearse, REHEARSE_PHASES, type RehearseOptions, type RehearseOutcome, type RehearsePhase } from './rehearse';
export { dryRunMigrations, dryRunReverts, type DryRunHow, type DryRunMigration, type DryRunResult } from './dry-run';
export { diffCatalogs, snapshotCatalog, type CatalogSnapshot } from './catalog-snapshot';
export { executedMigrationNames, revertMigrations, runPendingMigrations, type MigrationRun, type MigrationsResult } from './run-migrations';
export { selectReverts } from './migration-executor';
export type { RecordedStatement } from './statement-recorder';
export type { CommandOutput } from './render-migrations';
