import type { TableDefinition } from '../table-definition';

/** HTTP methods a route answers; `ANY` for all of them. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

/** Phase 0007: named application routes and deep links. */
export const routes: TableDefinition = {
  phase: 7,
  name: 'routes',
  kind: 'global',
  comment: 'Named application routes and deep links (e.g. conference.show -> /c/{slug}), for link building and access rules',
  columns: [
    { name: 'name', type: 'varchar(255)', comment: 'Route name, unique among live routes, e.g. conference.show' },
    { name: 'path', type: 'varchar(2048)', comment: 'Path template with {placeholders}, e.g. /c/{slug}' },
    { name: 'method', type: 'enum', values: ROUTE_METHODS, default: 'GET' },
    { name: 'is_public', type: 'boolean', default: false, comment: 'Reachable without signing in' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'metadata', type: 'json', nullable: true, comment: 'Free-form route options (middleware, permissions, …)' },
  ],
  uniques: [{ name: 'uq_routes_name', columns: ['name'], whileLive: true }],
};
