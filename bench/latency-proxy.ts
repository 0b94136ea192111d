import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a database server that delays every reply, as a network would. */
export interface LatencyProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<free port> to `target`, holding each chunk from the server for `delayMs`
 * before passing it on (in order). Client → server is not delayed, so one round trip costs about
 * `delayMs` more than on localhost. Node timers have a 1 ms granularity: use whole milliseconds.
 *
 * @example
 * const proxy = await startLatencyProxy({ host: '127.0.0.1', port: 5432 }, 1);
 */
export async function startLatencyProxy(target: { host: string; port: number }, delayMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const queue: Array<{ at: number; data: Buffer }> = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length && queue[0].at <= now) client.write(queue.shift()!.data);
      if (queue.length) timer = setTimeout(flush, Math.max(0, queue[0].at - now));
    };
    upstream.on('data', (data: Buffer) => {
      queue.push({ at: performance.now() + delayMs, data });
      timer ??= setTimeout(flush, delayMs);
    });
    client.on('data', (data: Buffer) => upstream.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
