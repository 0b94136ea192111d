import type { DataSource, QueryRunner } from 'typeorm';

/** Runs `fn` on a query runner of its own, released afterwards (PGlite has one connection: hold none meanwhile). */
export async function onRunner<T>(ds: DataSource, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  try {
    return await fn(qr);
  } finally {
    await qr.release();
  }
}
