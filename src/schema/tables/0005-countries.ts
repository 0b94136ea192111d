import { uuidv7 } from '../../uuid/uuidv7';
import { COUNTRIES } from '../data/countries';
import type { TableDefinition } from '../table-definition';

/**
 * Phase 0005: ISO 3166-1 countries, seeded. Column names are single words (`alpha2`, not
 * `alpha_2`) so that the seed rows mean the same whether or not the `Country` entity is loaded
 * (the seed insert uses entity property names once TypeORM knows the table).
 */
/** The flag emoji of an ISO 3166-1 alpha-2 code: its two letters as regional-indicator symbols (`CH` → 🇨🇭). */
export const flagOf = (alpha2: string): string => String.fromCodePoint(...[...alpha2.toUpperCase()].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));

export const countries: TableDefinition = {
  phase: 5,
  name: 'countries',
  kind: 'global',
  comment: 'ISO 3166-1 countries (reference data seeded by the migration)',
  columns: [
    { name: 'alpha2', type: 'char(2)', comment: 'ISO 3166-1 alpha-2 code, e.g. CH' },
    { name: 'alpha3', type: 'char(3)', comment: 'ISO 3166-1 alpha-3 code, e.g. CHE' },
    { name: 'numeric', type: 'char(3)', comment: 'ISO 3166-1 numeric code with leading zeros, e.g. 756' },
    { name: 'name', type: 'varchar(100)', comment: 'English name' },
    { name: 'phone_code', type: 'varchar(8)', nullable: true, comment: 'International dialling prefix, e.g. +41; not seeded' },
    { name: 'flag_emoji', type: 'varchar(16)', nullable: true, comment: 'Flag as regional-indicator emoji, derived from alpha2' },
    { name: 'currency_code', type: 'char(3)', nullable: true, comment: 'ISO 4217 code, e.g. CHF; not seeded' },
    { name: 'is_active', type: 'boolean', default: true, comment: 'Offered in country pickers' },
  ],
  uniques: [
    { name: 'uq_countries_alpha2', columns: ['alpha2'] },
    { name: 'uq_countries_alpha3', columns: ['alpha3'] },
    { name: 'uq_countries_numeric', columns: ['numeric'] },
  ],
  seed: () => COUNTRIES.map(([alpha2, alpha3, numeric, name]) => ({ id: uuidv7(), alpha2, alpha3, numeric, name, flag_emoji: flagOf(alpha2) })),
};
