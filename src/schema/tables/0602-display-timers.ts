import type { TableDefinition } from '../table-definition';

/** State of a countdown timer. */
export const DISPLAY_TIMER_STATUSES = ['idle', 'running', 'paused', 'finished'] as const;

/** Phase 0602: countdown timers shown on screens (speaker time, breaks). */
export const displayTimers: TableDefinition = {
  phase: 602,
  name: 'display_timers',
  kind: 'tenant',
  comment: 'Countdown timers shown on display screens, e.g. the remaining time of a talk',
  references: [
    { column: 'display_screen_id', table: 'display_screens', nullable: true, comment: 'Screen showing the timer; NULL for timers not yet placed' },
    { column: 'session_id', table: 'sessions', nullable: true, comment: 'Session the timer measures, if any' },
  ],
  columns: [
    { name: 'label', type: 'varchar(200)' },
    { name: 'duration_seconds', type: 'int', comment: 'Total length of the countdown' },
    { name: 'started_at', type: 'timestamp', nullable: true, comment: 'When the countdown (last) started; NULL while idle' },
    { name: 'paused_at', type: 'timestamp', nullable: true, comment: 'When the countdown was paused; NULL unless paused' },
    { name: 'status', type: 'enum', values: DISPLAY_TIMER_STATUSES, default: 'idle' },
  ],
};
