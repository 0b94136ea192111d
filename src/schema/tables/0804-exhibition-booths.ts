import type { TableDefinition } from '../table-definition';

/** Sponsorship tiers of a booth, highest first. */
export const BOOTH_TIERS = ['platinum', 'gold', 'silver', 'bronze', 'standard'] as const;

/** Phase 0804: sponsor booths in a virtual exhibition. */
export const exhibitionBooths: TableDefinition = {
  phase: 804,
  name: 'exhibition_booths',
  kind: 'tenant',
  comment: 'Sponsor booths of a virtual exhibition, placed by tier and position',
  references: [{ column: 'virtual_exhibition_id', table: 'virtual_exhibitions', comment: 'Exhibition the booth stands in' }],
  columns: [
    { name: 'sponsor_name', type: 'varchar(200)', comment: 'Exhibiting company or organisation' },
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'booth_url', type: 'varchar(2048)', nullable: true, comment: 'Booth page or meeting room URL' },
    { name: 'tier', type: 'enum', values: BOOTH_TIERS, default: 'standard' },
    { name: 'position', type: 'int', default: 0, comment: 'Display position within the tier, ascending' },
  ],
};
