import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0805: badges awarded to participants. */
export const achievements: TableDefinition = {
  phase: 805,
  name: 'achievements',
  kind: 'tenant',
  comment: 'Badges and points awarded to participants; a participant earns each code once',
  references: [
    { column: 'conference_id', table: 'conferences', nullable: true, comment: 'Conference the badge was earned at; NULL for tenant-wide badges' },
    { column: 'participant_id', table: 'participants', nullable: true, comment: 'Holder; NULL once the participant is removed' },
  ],
  columns: [
    { name: 'code', type: 'varchar(100)', comment: 'Badge key, e.g. early_bird; unique per participant' },
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'points', type: 'int', default: 0 },
    { name: 'awarded_at', type: 'timestamp', default: NOW },
  ],
  uniques: [{ name: 'uq_achievements_participant_code', columns: ['tenant_id', 'participant_id', 'code'] }],
};
