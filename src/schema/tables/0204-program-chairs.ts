import type { TableDefinition } from '../table-definition';

/** Roles of a user on a program committee. */
export const PROGRAM_CHAIR_ROLES = ['chair', 'co_chair', 'track_chair', 'reviewer'] as const;

/** Phase 0204: junction of programs and the users who chair them. */
export const programChairs: TableDefinition = {
  phase: 204,
  name: 'program_chairs',
  kind: 'tenant',
  comment: 'Users on the committee of a program (chairs, co-chairs, reviewers); one row per program and user',
  references: [
    { column: 'program_id', table: 'programs', comment: 'Chaired program' },
    { column: 'user_id', table: 'users', comment: 'Committee member' },
  ],
  columns: [{ name: 'role', type: 'enum', values: PROGRAM_CHAIR_ROLES, default: 'chair' }],
  uniques: [{ name: 'uq_program_chairs_tenant_program_user', columns: ['tenant_id', 'program_id', 'user_id'], whileLive: true }],
};
