import type { TableDefinition } from '../table-definition';

/** Kinds of venue. */
export const VENUE_TYPES = ['physical', 'virtual', 'hybrid'] as const;

/** Phase 0201: venues (physical, virtual or hybrid), referenced by conferences. */
export const venues: TableDefinition = {
  phase: 201,
  name: 'venues',
  kind: 'tenant',
  comment: 'Places where conferences happen: a building, a streaming platform, or both',
  columns: [
    { name: 'name', type: 'varchar(200)' },
    { name: 'type', type: 'enum', values: VENUE_TYPES, default: 'physical' },
    { name: 'address', type: 'varchar(500)', nullable: true },
    { name: 'city', type: 'varchar(100)', nullable: true },
    { name: 'country_code', type: 'char(2)', nullable: true, comment: 'ISO 3166-1 alpha-2' },
    { name: 'latitude', type: 'decimal(10,8)', nullable: true },
    { name: 'longitude', type: 'decimal(11,8)', nullable: true },
    { name: 'capacity', type: 'int', nullable: true },
    { name: 'virtual_url', type: 'varchar(2048)', nullable: true, comment: 'Streaming or meeting URL of virtual and hybrid venues' },
    { name: 'metadata', type: 'json', nullable: true },
  ],
};
