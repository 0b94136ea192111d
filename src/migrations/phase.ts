/**
 * Bundled migrations are ordered by a 4-digit phase (00xx foundation … 09xx API and security).
 * TypeORM orders by the 13-digit millisecond timestamp ending each name, so every phase maps to
 * 2026-01-01T00:00:00Z + phase seconds: `migrationName(100, 'CreateTenants')` →
 * `Phase0100CreateTenants1767225700000`.
 *
 * @example
 * export class CreateTenants0100 implements MigrationInterface {
 *   name = migrationName(100, 'CreateTenants');
 * }
 */
export function migrationName(phase: number, title: string): string {
  if (!Number.isInteger(phase) || phase < 0 || phase > 9999) throw new RangeError(`phase ${phase} is not 0000-9999`);
  const timestamp = Date.UTC(2026, 0, 1) + phase * 1000;
  return `Phase${String(phase).padStart(4, '0')}${title}${timestamp}`;
}
