import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundledMigrations, schemaTables } from '../../src/migrations';

const root = resolve(__dirname, '../..');
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
// Prose only: fenced blocks hold sample output of other databases ("total: 3 migrations applied").
const text = new Map(docs.map((f) => [f, readFileSync(join(root, f), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')]));

/** Every match of `pattern` (first group a number) in the prose of the README and docs, as `file: number`. */
function counts(pattern: RegExp): string[] {
  return [...text].flatMap(([file, body]) => [...body.matchAll(pattern)].map((m) => `${file}: ${m[1]}`));
}

/**
 * The counts the README and docs state about the bundled schema come from the real arrays, so they
 * cannot drift again: `bundledMigrations` (migrations), `schemaTables` plus `tenants` (tables),
 * and the tenant tables the doctor reports on (`tenants` and every table with `tenant_id`).
 */
describe('README and docs counts of the bundled schema', () => {
  const migrations = bundledMigrations.length;
  const tables = schemaTables.length + 1;
  const tenantTables = schemaTables.filter((t) => t.kind === 'tenant').length;

  it(`say ${migrations} migrations`, () => {
    const found = counts(/\b(\d+) (?:bundled )?migrations\b/g);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found).toEqual(found.map((f) => f.replace(/\d+$/, String(migrations))));
  });

  it(`say ${tables} tables are created`, () => {
    const found = counts(/\bcreate (?:the )?(\d+) tables\b/g);
    expect(found.filter((f) => f.startsWith('README.md')).length).toBeGreaterThanOrEqual(2);
    expect(found).toEqual(found.map((f) => f.replace(/\d+$/, String(tables))));
  });

  it(`say the doctor checks the ${tables} bundled tables (tenants and ${tenantTables} with tenant_id among them)`, () => {
    const doctor = counts(/doctor: (\d+) tables/g).filter((f) => !f.startsWith('docs/schema.md'));
    expect(doctor.length).toBeGreaterThanOrEqual(1);
    expect(doctor).toEqual(doctor.map((f) => f.replace(/\d+$/, String(tables))));
    const withTenantId = counts(/tenants and (\d+) tables with tenant_id/g);
    expect(withTenantId).toEqual(withTenantId.map((f) => f.replace(/\d+$/, String(tenantTables))));
  });
});
