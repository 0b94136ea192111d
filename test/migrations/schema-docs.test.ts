import { readFileSync } from 'node:fs';
import { renderSchemaDocs, SCHEMA_DOC_PATH } from '../../scripts/schema-docs';
import { schemaTables } from '../../src/migrations/schema';

/** docs/schema.md is generated from the migrations; this fails when someone changes one without the other. */
describe('docs/schema.md', () => {
  let generated: string;
  let committed: string;

  beforeAll(async () => {
    generated = await renderSchemaDocs();
    committed = readFileSync(SCHEMA_DOC_PATH, 'utf8');
  });

  it('is up to date (regenerate with `npm run docs:schema`)', () => {
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = b.findIndex((l, i) => l !== a[i]);
      throw new Error(
        `docs/schema.md is stale: run \`npx ts-node --transpile-only scripts/schema-docs.ts\` (npm run docs:schema).\n` +
          `First difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'}`,
      );
    }
  });

  it('documents every table with its columns, keys and indexes', () => {
    for (const name of ['tenants', ...schemaTables.map((t) => t.name)]) expect(generated).toContain(`\`${name}\`\n`);
    for (const def of schemaTables) {
      for (const c of def.columns) expect([def.name, generated.includes(`| \`${c.name}\` |`)]).toEqual([def.name, true]);
      for (const u of def.uniques ?? []) expect(generated).toContain(`\`${u.name}\``);
      for (const i of def.indexes ?? []) expect(generated).toContain(`\`${i.name}\``);
    }
  });

  it('has the ER diagram of the conference core, drawn from the references', () => {
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(generated)?.[1] ?? '';
    const core = ['venues', 'conferences', 'programs', 'program_chairs', 'speakers', 'sessions', 'participants', 'session_speakers', 'session_attendance'];
    const present = schemaTables.filter((t) => core.includes(t.name));
    for (const def of present) {
      expect(diagram).toContain(`  ${def.name} {`);
      for (const r of (def.references ?? []).filter((x) => core.includes(x.table) && present.some((p) => p.name === x.table))) {
        expect(diagram).toContain(`${r.table} ${r.nullable ? '|o' : '||'}--o{ ${def.name} : "${r.column}"`);
      }
    }
  });

  it('explains the dialect differences and the corrections to the reference design', () => {
    expect(generated).toContain('## Differences per dialect');
    expect(generated).toContain('## Where the reference design was wrong, and what we did instead');
    for (const topic of ['web_sessions', 'MySQL 8 notes', 'Live-unique keys', 'Optional references', 'Full-text', 'Covering', 'Partial', 'Index names']) {
      expect(generated).toContain(topic);
    }
  });
});
