import { dirname } from 'node:path';
import { EmbeddedDatabaseMissingError } from '../errors/embedded-database-missing-error';

/**
 * The packages of the embedded PostgreSQL, at the versions this library is tested with: optional
 * peer dependencies (package.json `peerDependenciesMeta`), so an application that always passes a
 * database URL never installs them. The repository has them as dev dependencies.
 */
export const EMBEDDED_DATABASE_PACKAGES: Readonly<Record<string, string>> = {
  '@electric-sql/pglite': '0.5.14',
  '@electric-sql/pglite-socket': '0.2.17',
};

/** What the embedded database uses of PGlite and its socket server. */
export interface PgliteModules {
  PGlite: typeof import('@electric-sql/pglite').PGlite;
  PGLiteSocketServer: typeof import('@electric-sql/pglite-socket').PGLiteSocketServer;
}

/**
 * Loads PGlite and its socket server, only when the embedded database is started (never when the
 * library is imported). A package that cannot be resolved becomes an EmbeddedDatabaseMissingError
 * saying what to install; a package that resolves but fails to load keeps its own error.
 *
 * @param from where resolution starts (default: this file, as `require` would); a seam for tests.
 * @example
 * const { PGlite, PGLiteSocketServer } = loadPglite();
 */
export function loadPglite(from: string = __filename): PgliteModules {
  // Plain `require` (not createRequire): under a test runner the modules then load in its registry.
  const paths = [dirname(from)];
  const [pglite, socket] = Object.keys(EMBEDDED_DATABASE_PACKAGES).map((name) => {
    try {
      return require.resolve(name, { paths });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new EmbeddedDatabaseMissingError(name, EMBEDDED_DATABASE_PACKAGES);
      throw error;
    }
  });
  return {
    PGlite: (require(pglite) as typeof import('@electric-sql/pglite')).PGlite,
    PGLiteSocketServer: (require(socket) as typeof import('@electric-sql/pglite-socket')).PGLiteSocketServer,
  };
}
