export { bundledTableDefinitions, runDoctor, type DoctorOptions } from './run-doctor';
export { DOCTOR_CHECKS, type DoctorCheck, type DoctorCheckId, type DoctorReport, type DoctorStatus, type DoctorSummary } from './doctor-report';
export { renderDoctorTable, type DoctorRenderOptions } from './render-doctor-table';
export { renderDoctorSummary } from './render-doctor-summary';
export { doctorCommand, type DoctorCommandOptions } from './doctor-command';
