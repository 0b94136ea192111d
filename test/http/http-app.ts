import type { AddressInfo } from 'node:net';
import { request as httpRequest, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { currentActorId, currentTenantId } from '../../src/tenancy/current-tenant';
import { Note } from '../support/fixtures';

/**
 * The handlers both test apps (Express, Fastify) route to, written once. Each returns
 * `[status, body]`; errors are thrown to the framework's error handler (the one under test).
 */
export function noteHandlers(dataSource: DataSource) {
  const notes = () => dataSource.getRepository(Note);
  return {
    list: async () => [200, (await notes().find({ order: { title: 'ASC' } })).map((n) => ({ id: n.id, title: n.title, tenantId: n.tenantId }))] as const,
    get: async (id: string) => {
      const note = await notes().findOneBy({ id });
      return note ? ([200, { id: note.id, title: note.title }] as const) : ([404, { error: { code: 'NOT_FOUND', message: 'Not found.' } }] as const);
    },
    create: async (body: { title?: unknown; notebookId?: unknown }) => {
      const saved = await notes().save(notes().create({ title: body.title as string, notebookId: (body.notebookId as string) ?? null }));
      return [201, { id: saved.id, tenantId: saved.tenantId, createdBy: saved.createdBy }] as const;
    },
    rename: async (id: string, body: { title?: unknown }) => {
      await notes().save({ id, title: body.title as string });
      return [200, { id }] as const;
    },
    /** Awaits before and between reads (timers, I/O), then reports what the context and the database said. */
    slow: async (delayMs: number) => {
      await sleep(delayMs);
      const before = currentTenantId();
      const rows = await notes().find();
      await new Promise((resolve) => setImmediate(resolve));
      return [200, { before, after: currentTenantId(), actor: currentActorId() ?? null, tenants: [...new Set(rows.map((r) => r.tenantId))] }] as const;
    },
  };
}

/** Base URL of a server listening on 127.0.0.1 (an ephemeral port). */
export function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** JSON request with Node's fetch; returns status and parsed body (text when not JSON). */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, text };
}

/** GET with a chosen Host header (fetch always sends the URL's host), via node:http; returns status and JSON body. */
export function getWithHost(url: string, host: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject).end();
  });
}
