/**
 * Endpoints whose clients all share one database session: PGlite behind its socket server runs a
 * single backend, so settings one client makes are seen by the others and the session layer must
 * not trust what a client last sent. `startEmbeddedPostgres` registers its endpoint here.
 */
const endpoints = new Set<string>();
const key = (host: string, port: number) => `${host}:${port}`;

/**
 * Marks `host:port` as one shared session until {@link unmarkSharedSession}.
 *
 * @example
 * markSharedSession('127.0.0.1', 54321);
 */
export function markSharedSession(host: string, port: number): void {
  endpoints.add(key(host, port));
}

/**
 * Forgets a shared-session endpoint (its server stopped).
 *
 * @example
 * unmarkSharedSession('127.0.0.1', 54321);
 */
export function unmarkSharedSession(host: string, port: number): void {
  endpoints.delete(key(host, port));
}

/**
 * Whether clients of `host:port` share one session.
 *
 * @example
 * isSharedSession(client.host, client.port); // true for startEmbeddedPostgres()
 */
export function isSharedSession(host: string | undefined, port: number | undefined): boolean {
  return host !== undefined && port !== undefined && endpoints.has(key(host, Number(port)));
}
