import type { TableDefinition } from '../table-definition';

/** Phase 0603: layouts (zones and widgets) of a display screen. */
export const screenLayouts: TableDefinition = {
  phase: 603,
  name: 'screen_layouts',
  kind: 'tenant',
  comment: 'Layouts of a display screen: zones and the widgets they show; one is active at a time',
  references: [{ column: 'display_screen_id', table: 'display_screens', comment: 'Screen the layout is for' }],
  columns: [
    { name: 'name', type: 'varchar(200)' },
    { name: 'layout', type: 'json', comment: 'Zones with position, size and widget configuration' },
    { name: 'is_active', type: 'boolean', default: false, comment: 'The layout the screen currently shows' },
  ],
};
