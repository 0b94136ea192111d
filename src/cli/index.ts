export { createDataSource, connectionOptionsFromUrl, type CreateDataSourceOptions } from './data-source-from-url';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { start } from './start';
export { appRoleCommand, type AppRoleCommandOptions } from './app-role-command';
export { EMBEDDED_APP_ROLE } from './data-source-from-url';
export { embeddedSystemKey } from './embedded-system-key';
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
