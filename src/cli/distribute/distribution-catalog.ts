import { catalogQuery, type CatalogSource } from '../../dialect/catalog/catalog-source';
import { CITUS_EXTENSION_SQL } from '../../dialect/citus/citus-profile';
import { PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEYS_TABLE, SYSTEM_POLICY_NAME } from '../../dialect/postgres-rls';

/**
 * Where `typeorm-tenancy distribute` keeps the foreign keys it dropped until it adds them back (resumable).
 *
 * @example
 * await dataSource.query(`SELECT count(*) FROM ${PENDING_KEYS_TABLE}`); // keys still to add back
 */
export const PENDING_KEYS_TABLE = `${PRIVATE_SCHEMA}.distribution_pending_keys`;

/**
 * A foreign key as the catalog has it.
 *
 * @example
 * const key: CatalogKey = { table: 'venues', name: 'fk_venues_tenant', refTable: 'tenants', columns: ['tenant_id'], refColumns: ['id'], definition: 'FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE' };
 */
export interface CatalogKey {
  table: string;
  name: string;
  refTable: string;
  columns: string[];
  refColumns: string[];
  /** `pg_get_constraintdef`: `FOREIGN KEY (…) REFERENCES …`. */
  definition: string;
}

/**
 * What the distribution plan is computed from: the current schema as it is now.
 *
 * @example
 * const facts: DistributionFacts = await readDistributionFacts(dataSource);
 */
export interface DistributionFacts {
  citus: boolean;
  /** Tables (current schema) by name: their primary key and unique constraints/indexes, column lists. */
  tables: Map<string, { forceRowSecurity: boolean; primaryKey: { name: string; columns: string[] } | null; uniques: { name: string; columns: string[]; constraint: boolean }[] }>;
  keys: CatalogKey[];
  /** Keys dropped by an earlier, interrupted run, waiting to be added back. */
  pendingKeys: { table: string; name: string; definition: string }[];
  /** How Citus holds each placed table (`h` distributed, `n`+`t` reference); absent: local. */
  placed: Map<string, { method: string; column: string | null }>;
  /** Tables with a system policy that still has subqueries, and the column it bounds. */
  subqueryPolicies: { table: string; column: string }[];
  /** The key check function lacks `citus.allow_nested_distributed_execution`. */
  functionNeedsSetting: boolean;
  keyTableExists: boolean;
}

const SCHEMA = `n.nspname = current_schema()`;
const cols = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : String(v).replace(/^\{|\}$/g, '').split(',').filter(Boolean));

/**
 * Reads the facts of the current schema the distribution plan needs (any PostgreSQL; the Citus
 * catalog only when the extension is there).
 *
 * @example
 * const facts = await readDistributionFacts(dataSource);
 */
export async function readDistributionFacts(source: CatalogSource): Promise<DistributionFacts> {
  const [{ citus }] = await catalogQuery(source, CITUS_EXTENSION_SQL);
  const keyRows = await catalogQuery(
    source,
    `SELECT c.conname AS name, t.relname AS "table", r.relname AS ref,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns,
            pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND ${SCHEMA} ORDER BY t.oid, c.conname`,
  );
  const indexRows = await catalogQuery(
    source,
    `SELECT t.relname AS "table", i.relname AS name, x.indisprimary AS pk, con.oid IS NOT NULL AS "constraint",
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('p', 'u')
     WHERE x.indisunique AND t.relkind IN ('r', 'p') AND ${SCHEMA} ORDER BY t.oid, i.relname`,
  );
  const tables: DistributionFacts['tables'] = new Map();
  const tableRows = await catalogQuery(source, `SELECT c.relname AS name, c.relforcerowsecurity AS forced FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND ${SCHEMA} ORDER BY c.oid`);
  for (const r of tableRows) tables.set(String(r.name), { forceRowSecurity: Boolean(r.forced), primaryKey: null, uniques: [] });
  for (const r of indexRows) {
    const entry = tables.get(String(r.table));
    if (!entry) continue;
    const index = { name: String(r.name), columns: cols(r.columns), constraint: Boolean(r.constraint) };
    if (r.pk) entry.primaryKey = index;
    else entry.uniques.push(index);
  }
  const placed: DistributionFacts['placed'] = new Map();
  if (citus) {
    const rows = await catalogQuery(
      source,
      `SELECT p.logicalrelid::regclass::text AS name, p.partmethod AS method,
              CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS "column"
       FROM pg_dist_partition p`,
    );
    for (const r of rows) placed.set(String(r.name).replace(/"/g, ''), { method: String(r.method), column: r.column == null ? null : String(r.column) });
  }
  const policyRows = await catalogQuery(
    source,
    `SELECT t.relname AS "table", pg_get_expr(p.polqual, p.polrelid) AS qual FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE p.polname = $1 AND ${SCHEMA} ORDER BY t.oid`,
    [SYSTEM_POLICY_NAME],
  );
  const subqueryPolicies = policyRows
    .filter((r) => /\(\s*SELECT\b/i.test(String(r.qual)))
    .map((r) => ({ table: String(r.table), column: /AND\s+\(?"?([A-Za-z_][\w$]*)"?\s*>=/.exec(String(r.qual))?.[1] ?? 'tenant_id' }));
  const [fn] = await catalogQuery(
    source,
    `SELECT to_regclass($1) IS NOT NULL AS keys, to_regclass($2) IS NOT NULL AS pending,
            (SELECT coalesce(array_to_string(proconfig, ','), '') FROM pg_proc WHERE oid = to_regprocedure($3)) AS config`,
    [`${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE}`, PENDING_KEYS_TABLE, `${SYSTEM_ACCESS_FUNCTION}()`],
  );
  const pendingKeys = fn.pending
    ? (await catalogQuery(source, `SELECT tbl AS "table", name, definition FROM ${PENDING_KEYS_TABLE} ORDER BY position`)).map((r) => ({
        table: String(r.table),
        name: String(r.name),
        definition: String(r.definition),
      }))
    : [];
  const keys = keyRows.map((r) => ({ table: String(r.table), name: String(r.name), refTable: String(r.ref), columns: cols(r.columns), refColumns: cols(r.ref_columns), definition: String(r.definition) }));
  return {
    citus: Boolean(citus),
    tables,
    keys,
    pendingKeys,
    placed,
    subqueryPolicies,
    functionNeedsSetting: fn.config !== null && !String(fn.config).includes('citus.allow_nested_distributed_execution=on'),
    keyTableExists: Boolean(fn.keys),
  };
}
