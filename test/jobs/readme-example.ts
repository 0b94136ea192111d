import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** The first ```ts block of the README section with this `## ` heading, verbatim. */
export function readmeExample(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const section = readme.slice(start + 1).split(/\n## /)[0];
  const block = /```ts\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error(`README section "${heading}" has no ts example`);
  return `${block[1]}\n`;
}
