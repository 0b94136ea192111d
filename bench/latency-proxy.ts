import { fork } from 'node:child_process';
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

// Child-process entry: serve, report the port, exit with the parent.
if (process.env.LATENCY_PROXY && process.send) {
  const { target, delayMs } = JSON.parse(process.env.LATENCY_PROXY) as { target: Target; delayMs: number };
  void serve(target, delayMs).then(({ port }) => process.send!(port));
  process.on('disconnect', () => process.exit(0));
}
