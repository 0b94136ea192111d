import { createConnection } from 'node:net';
import { UNAVAILABLE_ENV } from './targets';

/** The Redis server the BullMQ tests use (the machine's, at 127.0.0.1:6379 unless TEST_REDIS_URL says otherwise). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Host and port of {@link REDIS_URL}, in the form ioredis and BullMQ take as `connection`. */
export function redisConnection(): { host: string; port: number; maxRetriesPerRequest: null } {
  const url = new URL(REDIS_URL);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379), maxRetriesPerRequest: null };
}

/** Sends PING over a plain socket (no client library); resolves to a problem description, or undefined when Redis answered PONG. */
export function probeRedis(timeoutMs = 5000): Promise<string | undefined> {
  const { host, port } = redisConnection();
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let answer = '';
    const done = (problem?: string) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG') ? undefined : `PING answered ${JSON.stringify(answer.trim())}`);
    });
    socket.on('error', (error) => done(error.message));
  });
}

/** False when global-setup found Redis unreachable (only ever outside CI; in CI the run has failed). */
export function isRedisAvailable(): boolean {
  return !(process.env[UNAVAILABLE_ENV] ?? '').split(',').includes('redis');
}
