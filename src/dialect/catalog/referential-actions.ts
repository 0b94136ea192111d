import type { CatalogFamily } from './catalog-source';

const RULE = '(CASCADE|SET NULL|SET DEFAULT|NO ACTION|RESTRICT)';
const unquote = (identifier: string) => identifier.trim().replace(/^["`]|["`]$/g, '');

/**
 * The columns an `ON DELETE SET NULL (…)` clause names (PostgreSQL 15+: only those are nulled, so a
 * composite in-tenant key keeps its tenant column), read from a constraint's SQL or from PostgreSQL's
 * `pg_get_constraintdef`; null for any other rule or a plain `SET NULL` (every key column).
 *
 * @example
 * setNullColumns('FOREIGN KEY (tenant_id, venue_id) REFERENCES venues(tenant_id, id) ON DELETE SET NULL (venue_id)'); // ['venue_id']
 * setNullColumns('… ON DELETE SET NULL ON UPDATE NO ACTION'); // null
 */
export function setNullColumns(sql: string): string[] | null {
  const m = /ON DELETE SET NULL\s*\(([^)]*)\)/i.exec(sql);
  return m ? m[1].split(',').map(unquote) : null;
}

/**
 * The `ON UPDATE` rule a foreign key's SQL states, upper case, or null when it states none.
 *
 * @example
 * updateRuleOf('CONSTRAINT "fk" FOREIGN KEY ("a") REFERENCES "t" ("id") ON DELETE CASCADE ON UPDATE NO ACTION'); // 'NO ACTION'
 */
export function updateRuleOf(sql: string): string | null {
  return new RegExp(`ON UPDATE ${RULE}`, 'i').exec(sql)?.[1].toUpperCase() ?? null;
}

/**
 * Whether two referential actions (as catalogs report them: `CASCADE`, `SET NULL`, `NO ACTION`,
 * `RESTRICT`, …) behave the same. On the MySQL family `NO ACTION` is `RESTRICT` (InnoDB checks
 * immediately either way, and servers report either); on PostgreSQL they differ (deferrable checks).
 *
 * @example
 * sameReferentialAction('mysql', 'RESTRICT', 'NO ACTION'); // true
 * sameReferentialAction('postgres', 'RESTRICT', 'NO ACTION'); // false
 */
export function sameReferentialAction(family: CatalogFamily, a: string, b: string): boolean {
  const norm = (rule: string) => {
    const upper = rule.trim().toUpperCase();
    return family === 'mysql' && upper === 'RESTRICT' ? 'NO ACTION' : upper;
  };
  return norm(a) === norm(b);
}
