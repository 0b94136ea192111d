import { once } from 'node:events';
import express from 'express';
import type { DataSource } from 'typeorm';
import { activeTenantCheck, fromHeader, tenancyErrorHandler, tenantMiddleware } from '../../src/express';
import { baseUrl, noteHandlers } from './http-app';
import type { Running } from './http-scenarios';

/** Listens on 127.0.0.1, an ephemeral port. */
export async function listen(app: express.Express): Promise<Running> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: baseUrl(server), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The scenarios' app on Express 5: async handlers return promises (Express 5 forwards their rejections). */
export async function startExpress(dataSource: DataSource): Promise<Running> {
  const h = noteHandlers(dataSource);
  const app = express();
  app.use(express.json());
  app.use(tenantMiddleware({ resolve: fromHeader(), check: activeTenantCheck(dataSource), actor: (req) => req.header('x-user-id') }));
  const send = (res: express.Response, [status, body]: readonly [number, unknown]) => void res.status(status).json(body);
  app.get('/notes', async (_req, res) => send(res, await h.list()));
  app.get('/notes/:id', async (req, res) => send(res, await h.get(req.params.id)));
  app.post('/notes', async (req, res) => send(res, await h.create(req.body)));
  app.patch('/notes/:id', async (req, res) => send(res, await h.rename(req.params.id, req.body)));
  app.get('/slow/:ms', async (req, res) => send(res, await h.slow(Number(req.params.ms))));
  app.use(tenancyErrorHandler());
  return listen(app);
}
