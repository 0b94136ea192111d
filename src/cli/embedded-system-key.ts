import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The system key of an embedded database, kept next to its data directory (`<dataDir>.system-key`,
 * mode 0600) so that `npm start`, the doctor and `createDataSource()` on the same directory share
 * it. Created when `create` is true and there is none yet; otherwise undefined when absent. Only
 * for the embedded development database: production keys belong in your secret store.
 *
 * @example
 * embeddedSystemKey('./.data/pglite', true); // 'kX3…' (43 characters)
 */
export function embeddedSystemKey(dataDir: string, create = false): string | undefined {
  const file = `${dataDir.replace(/\/+$/, '')}.system-key`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create) return undefined;
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
