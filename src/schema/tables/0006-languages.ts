import { uuidv7 } from '../../uuid/uuidv7';
import { LANGUAGES } from '../data/languages';
import type { TableDefinition } from '../table-definition';

/**
 * Phase 0006: ISO 639-1 languages with their ISO 639-2 and 639-3 codes, seeded. Column names are
 * single words (`part2t`, `endonym`) so that the seed rows mean the same whether or not the
 * `Language` entity is loaded (the seed insert uses entity property names once TypeORM knows the table).
 */
export const languages: TableDefinition = {
  phase: 6,
  name: 'languages',
  kind: 'global',
  comment: 'ISO 639-1 languages with ISO 639-2/639-3 codes (reference data seeded by the migration)',
  columns: [
    { name: 'code', type: 'char(2)', comment: 'ISO 639-1 code, e.g. de' },
    { name: 'part2t', type: 'char(3)', nullable: true, comment: 'ISO 639-2/T (terminology) code, e.g. deu' },
    { name: 'part2b', type: 'char(3)', nullable: true, comment: 'ISO 639-2/B (bibliographic) code, e.g. ger' },
    { name: 'part3', type: 'char(3)', nullable: true, comment: 'ISO 639-3 code, e.g. deu' },
    { name: 'name', type: 'varchar(100)', comment: 'English name' },
    { name: 'endonym', type: 'varchar(100)', comment: 'Native name of the language, e.g. Deutsch' },
  ],
  uniques: [{ name: 'uq_languages_code', columns: ['code'] }],
  indexes: [{ name: 'idx_languages_part3', columns: ['part3'] }],
  seed: () =>
    LANGUAGES.map(([code, part2t, part2b, part3, name, endonym]) => ({ id: uuidv7(), code, part2t, part2b, part3, name, endonym })),
};
