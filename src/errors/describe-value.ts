/**
 * A short printable form of any value for error messages. Never throws (JSON.stringify does on
 * BigInt and cycles, and returns undefined for symbols and functions).
 *
 * @example
 * describeValue('acme'); // '"acme"'
 * describeValue(10n);    // '10n'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
}
