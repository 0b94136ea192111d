import Fastify, { type FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { activeTenantCheck, fromHeader, tenancyErrorHandler, tenancyPlugin } from '../../src/fastify';
import { noteHandlers } from './http-app';
import type { Running } from './http-scenarios';

/** Listens on 127.0.0.1, an ephemeral port. */
export async function listen(app: FastifyInstance): Promise<Running> {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/** The scenarios' app on Fastify 5: async handlers; routes registered after the plugin (and one before it). */
export async function startFastify(dataSource: DataSource): Promise<Running> {
  const h = noteHandlers(dataSource);
  const app = Fastify();
  type P = { Params: { id: string; ms: string }; Body: { title?: unknown; notebookId?: unknown } };
  const send = (reply: { code(n: number): { send(b: unknown): unknown } }, [status, body]: readonly [number, unknown]) => reply.code(status).send(body);
  app.setErrorHandler(tenancyErrorHandler()); // a route keeps the error handler set when it is registered
  app.get('/notes', async (_req, reply) => send(reply, await h.list())); // before the plugin: covered too (not encapsulated)
  await app.register(tenancyPlugin, { resolve: fromHeader(), check: activeTenantCheck(dataSource), actor: (req) => req.headers['x-user-id'] as string | undefined });
  app.get<P>('/notes/:id', async (req, reply) => send(reply, await h.get(req.params.id)));
  app.post<P>('/notes', async (req, reply) => send(reply, await h.create(req.body)));
  app.patch<P>('/notes/:id', async (req, reply) => send(reply, await h.rename(req.params.id, req.body)));
  app.get<P>('/slow/:ms', async (req, reply) => send(reply, await h.slow(Number(req.params.ms))));
  return listen(app);
}
