export { createDataSource, connectionOptionsFromUrl, type CreateDataSourceOptions } from './data-source-from-url';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { start } from './start';
export { appRoleCommand, type AppRoleCommandOptions } from './app-role-command';
export { EMBEDDED_APP_ROLE } from './data-source-from-url';
export { embeddedSystemKey } from './embedded-system-key';
export { vschemaCommand, type VschemaCommandOptions } from './vschema-command';
export {
  bundledTableDefinitions,
  runDoctor,
  renderDoctorTable,
  renderDoctorSummary,
  doctorCommand,
  DOCTOR_CHECKS,
  type DoctorOptions,
  type DoctorCheck,
  type DoctorCheckId,
  type DoctorReport,
  type DoctorStatus,
  type DoctorSummary,
  type DoctorRenderOptions,
  type DoctorCommandOptions,
} from './doctor';
export * from './migrate';
export {
  runLint,
  lintCommand,
  renderLintReport,
  renderLintSummary,
  LINT_RULES,
  DEFAULT_LARGE_TABLE_ROWS,
  type LintOptions,
  type LintCommandOptions,
  type LintDeclarations,
  type LintFinding,
  type LintReport,
  type LintRuleId,
  type LintWaivers,
  type LintRenderOptions,
  type SkippedLintRule,
  type WaivableLintRuleId,
} from './lint';
