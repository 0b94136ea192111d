import { fork } from 'node:child_process';
import { Client } from 'pg';
import { median } from './section';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a database server that delays every reply, as a network would. */
export interface LatencyProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Target {
  host: string;
  port: number;
}

/** Serves the proxy in this process; resolves with its port. */
async function serve(target: Target, delayMs: number): Promise<{ port: number; server: Server }> {
  const server: Server = createServer((client: Socket) => {
    const upstream = connect(target.port, target.host);
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
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

/**
 * Forwards 127.0.0.1:<free port> to `target`, holding each chunk from the server for `delayMs`
 * before passing it on (in order). Client → server is not delayed, so one round trip costs about
 * `delayMs` more than on localhost. Node timers have a 1 ms granularity: use whole milliseconds.
 *
 * The proxy runs in a child process, so its timers and socket copies do not compete with the
 * measured code for the benchmark's event loop (as a network's hops do not).
 *
 * @example
 * const proxy = await startLatencyProxy({ host: '127.0.0.1', port: 5432 }, 1);
 */
export async function startLatencyProxy(target: Target, delayMs: number): Promise<LatencyProxy> {
  const child = fork(__filename, [], {
    env: { ...process.env, LATENCY_PROXY: JSON.stringify({ target, delayMs }) },
    execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`latency proxy exited with ${code}`)));
  });
  return {
    host: '127.0.0.1',
    port,
    async close() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
    },
  };
}

/**
 * Median time of a trivial round trip (`SELECT 1`) on a fresh connection to `url`, or to `port` on
 * the same host (e.g. a latency proxy), in milliseconds.
 *
 * @example
 * await roundTripMs(process.env.DATABASE_URL!, proxy.port); // ≈ 1.4 with a 1 ms proxy
 */
export async function roundTripMs(url: string, port?: number): Promise<number> {
  const at = new URL(url);
  if (port) at.port = String(port);
  const client = new Client({ connectionString: at.toString() });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      await client.query('SELECT 1');
      times.push(performance.now() - start);
    }
    return median(times.slice(10));
  } finally {
    await client.end();
  }
}

// Child-process entry: serve, report the port, exit with the parent.
if (process.env.LATENCY_PROXY && process.send) {
  const { target, delayMs } = JSON.parse(process.env.LATENCY_PROXY) as { target: Target; delayMs: number };
  void serve(target, delayMs).then(({ port }) => process.send!(port));
  process.on('disconnect', () => process.exit(0));
}
