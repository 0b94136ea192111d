import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { entitySignature, type Fixture } from '../operations';
import type { Purity } from './plain-child';

/** Connection options a child can rebuild (plain values only: no entities, classes or functions). */
export type PlainConnection = Pick<DataSourceOptions, 'type'> & Record<string, unknown>;

/**
 * Plain TypeORM in a process of its own: a DataSource there runs the operations of
 * bench/operations.ts with the same concurrency and reports the ops/s of each round, timed in
 * the child. That process loads no file of the library (see plain-child.ts), so the baseline pays
 * neither the patches nor the AsyncLocalStorage hook, which every promise in a process pays
 * once a store is in use.
 */
export interface PlainProcess {
  /** Opens a DataSource called `key` in the child, on the copies of `like`'s Task/Project/Label. */
  open(key: string, connection: PlainConnection, like: DataSource, fixture: Fixture): Promise<void>;
  /** Ops/s of one round of `queries(...)[query]` on DataSource `key`. */
  round(key: string, query: number, concurrency: number): Promise<number>;
  /** Wrong answers of `wrongAnswers` on DataSource `key` (0 expected). */
  verify(key: string): Promise<number>;
  /** Requests answered, every one with the process found plain (else the request failed). */
  readonly checked: number;
  close(): Promise<void>;
}

/** The plain connection settings of an initialized DataSource, with `overrides` (e.g. another port). */
export function plainConnection(ds: DataSource, overrides: Record<string, unknown> = {}): PlainConnection {
  const o = ds.options as unknown as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of ['type', 'host', 'port', 'username', 'password', 'database', 'timezone', 'charset', 'extra']) if (o[key] !== undefined) picked[key] = o[key];
  const connection = { ...picked, ...overrides } as PlainConnection;
  const text = JSON.stringify(connection);
  if (JSON.stringify(JSON.parse(text)) !== text || /Client/.test(Object.keys((connection.extra ?? {}) as object).join())) {
    throw new Error(`plain baseline: connection options must be plain values: ${text}`);
  }
  return JSON.parse(text) as PlainConnection;
}

/** Starts the child (ts-node, transpile only, like the latency proxy) and waits for its first check. */
export async function startPlainProcess(): Promise<PlainProcess> {
  const entry = join(__dirname, `plain-child${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  const child: ChildProcess = fork(entry, [], {
    execArgv: entry.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Reply = { id: number; ok: boolean; value: unknown; error?: string; purity: Purity };
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let checked = 0;
  let exited: Error | undefined;
  const impure = (p: Purity) =>
    [
      p.libraryModules.length ? `loaded ${p.libraryModules.length} file(s) of the library/tests, e.g. ${p.libraryModules[0]}` : '',
      p.patched.length ? `TypeORM methods patched: ${p.patched.join(', ')}` : '',
      p.storesEntered ? `${p.storesEntered} AsyncLocalStorage store(s) entered` : '',
    ].filter(Boolean);
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    const problems = impure(reply.purity);
    if (problems.length) waiter.reject(new Error(`plain baseline process is not plain TypeORM: ${problems.join('; ')}`));
    else if (!reply.ok) waiter.reject(new Error(`plain baseline process: ${reply.error}`));
    else {
      checked++;
      waiter.resolve(reply.value);
    }
  });
  child.on('exit', (code) => {
    exited = new Error(`plain baseline process exited with ${code}`);
    for (const waiter of pending.values()) waiter.reject(exited);
    pending.clear();
  });
  const request = <T>(message: Record<string, unknown>): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...message, id });
    });
  };
  await ready;
  return {
    get checked() {
      return checked;
    },
    async open(key, connection, like, fixture) {
      const signatures = Object.fromEntries(['Task', 'Project', 'Label'].map((name) => [name, entitySignature(like, name)]));
      await request({ kind: 'open', key, options: connection, signatures, fixture });
    },
    round: (key, query, concurrency) => request<number>({ kind: 'round', key, query, concurrency }),
    verify: (key) => request<number>({ kind: 'verify', key }),
    async close() {
      if (exited) return;
      await request({ kind: 'close' }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      });
    },
  };
}
