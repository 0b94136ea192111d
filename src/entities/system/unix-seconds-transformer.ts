import type { ValueTransformer } from 'typeorm';

/**
 * Reads a `bigint` column of Unix seconds as a JS number: drivers return bigint as a string to stay
 * exact, and seconds since 1970 are far inside `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * @Column({ transformer: unixSecondsTransformer }) expiration: number; // bigint in the table definition
 */
export const unixSecondsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
