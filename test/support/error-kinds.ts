/**
 * Distinct kinds of errors, with how many of each (quoted names such as statement names left out),
 * for failure messages that stay readable: `26000 prepared statement "…" does not exist × 12`.
 *
 * @example
 * expect({ failed: errors.length, kinds: errorKinds(errors) }).toEqual({ failed: 0, kinds: [] });
 */
export function errorKinds(errors: unknown[]): string[] {
  const kinds = new Map<string, number>();
  for (const e of errors as Array<Error & { code?: string }>) {
    const key = `${e?.code ?? e?.name ?? '-'} ${String(e?.message).replace(/"[^"]*"/g, '"…"').slice(0, 90)}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${k} × ${n}`);
}
