import { citusPlacement } from '../../dialect/citus/citus-dialect';
import { PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEYS_TABLE, SYSTEM_POLICY_NAME, SYSTEM_ROLE, citusSystemPredicate } from '../../dialect/postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from '../../dialect/postgres-sql';
import { schemaTables } from '../../schema';
import { PENDING_KEYS_TABLE, type CatalogKey, type DistributionFacts } from './distribution-catalog';

/** One transaction of the plan. */
export interface DistributionStep {
  title: string;
  statements: string[];
}

/** What `typeorm-tenancy distribute` will do, or why it cannot. */
export interface DistributionPlan {
  /** Why the schema cannot be distributed as it is (nothing is done while any is left). */
  blockers: string[];
  tenantTables: string[];
  referenceTables: string[];
  /** Keys whose rule changes (Citus refuses SET NULL / ON UPDATE CASCADE on a key with the tenant). */
  changedRules: string[];
  steps: DistributionStep[];
}

/** Bundled global tables kept on the coordinator (`placement: 'local'`). */
const LOCAL_GLOBALS = new Set(schemaTables.filter((t) => t.kind === 'global' && t.placement === 'local').map((t) => t.name));

/** A key's definition as Citus takes it on a distributed table: the delete and update rules Citus refuses become NO ACTION. */
export const citusKeyDefinition = (definition: string): string =>
  definition
    .replace(/\s+ON DELETE SET (?:NULL|DEFAULT)(?:\s*\([^)]*\))?/i, '')
    .replace(/\s+ON UPDATE (?:CASCADE|SET NULL|SET DEFAULT)(?:\s*\([^)]*\))?/i, '');

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The order of operations distributing a populated single-server bundled schema on a Citus
 * coordinator, in transactions small enough not to run out of lock memory:
 * 1. one transaction on local tables: remember every foreign key of the tables to place (in
 *    `tenancy_private.distribution_pending_keys`) and drop it; tenant primary keys become
 *    `(tenant_id, id)` in place of `(id)` and `uq_<t>_tenant_id_id` (one index build per table); system policies
 *    without subqueries; the key check allowed on the workers;
 * 2. each reference table, then each tenant table (creation order, co-located with the first),
 *    in its own transaction: Citus copies its rows to the shards (row security not forced meanwhile,
 *    so an owner that is not a superuser copies every row);
 * 3. the keys back, `batchSize` per transaction, with the rules Citus accepts; the pending table dropped.
 * Computed from the catalog as it is, so a run interrupted anywhere is resumed by running it again.
 *
 * @example
 * const plan = distributionPlan(await readDistributionFacts(dataSource), 20);
 */
export function distributionPlan(facts: DistributionFacts, batchSize = 20): DistributionPlan {
  const blockers: string[] = [];
  if (!facts.citus) blockers.push('the citus extension is not installed in this database (CREATE EXTENSION citus, then add the workers)');
  const tenantOf = new Map<string, string>();
  for (const k of facts.keys) if (k.refTable === 'tenants' && k.columns.length === 1 && same(k.refColumns, ['id']) && k.table !== 'tenants') tenantOf.set(k.table, k.columns[0]);
  for (const [t, p] of facts.placed) if (p.method === 'h' && p.column && facts.tables.has(t)) tenantOf.set(t, p.column);
  const tenantTables = [...facts.tables.keys()].filter((t) => tenantOf.has(t));
  const referenced = new Set(facts.keys.filter((k) => tenantOf.has(k.table) && !tenantOf.has(k.refTable)).map((k) => k.refTable));
  const referenceTables = [...facts.tables.keys()].filter(
    (t) => !tenantOf.has(t) && (referenced.has(t) || t === 'tenants' || (schemaTables.some((d) => d.name === t && d.kind === 'global') && !LOCAL_GLOBALS.has(t))),
  );
  const involved = new Set([...tenantTables, ...referenceTables]);
  for (const t of tenantTables) {
    const column = tenantOf.get(t)!;
    const info = facts.tables.get(t)!;
    for (const u of info.uniques) if (!u.columns.includes(column)) blockers.push(`${t}: unique key ${u.name} (${u.columns.join(', ')}) lacks ${column}; Citus needs the tenant column in every unique key`);
  }
  const changedRules: string[] = [];
  // A key between two tables Citus already holds is in place (a finished or resumed run).
  const keysToDrop = facts.keys.filter((k) => (involved.has(k.table) || involved.has(k.refTable)) && !(facts.placed.has(k.table) && facts.placed.has(k.refTable)));
  for (const k of keysToDrop) {
    if (!involved.has(k.table)) blockers.push(`${k.table}.${k.name}: a table kept local references ${k.refTable}, which Citus will place; Citus refuses the key`);
    const column = tenantOf.get(k.refTable);
    if (column && !(k.columns.includes(tenantOf.get(k.table) ?? '') && k.refColumns.includes(column))) {
      blockers.push(`${k.table}.${k.name}: references ${k.refTable} (${k.refColumns.join(', ')}) without the tenant column; make it (${tenantOf.get(k.table) ?? 'tenant_id'}, …) → ${k.refTable} (${column}, id)`);
    }
    if (citusKeyDefinition(k.definition) !== k.definition) changedRules.push(`${k.table}.${k.name}: ${k.definition} → ${citusKeyDefinition(k.definition)}`);
  }
  const prepare: string[] = [];
  if (keysToDrop.length) {
    prepare.push(`CREATE TABLE IF NOT EXISTS ${PENDING_KEYS_TABLE} (position serial, tbl text NOT NULL, name text NOT NULL, definition text NOT NULL, PRIMARY KEY (tbl, name))`);
    for (const k of keysToDrop) {
      prepare.push(`INSERT INTO ${PENDING_KEYS_TABLE} (tbl, name, definition) VALUES (${lit(k.table)}, ${lit(k.name)}, ${lit(citusKeyDefinition(k.definition))})`);
      prepare.push(`ALTER TABLE ${q(k.table)} DROP CONSTRAINT ${q(k.name)}`);
    }
  }
  for (const t of tenantTables) {
    const column = tenantOf.get(t)!;
    const { primaryKey, uniques } = facts.tables.get(t)!;
    if (primaryKey && primaryKey.columns.includes(column)) continue;
    const pk = primaryKey?.name ?? `pk_${t}`;
    // The (tenant_id, id) unique constraint becomes the key (its index belongs to the constraint,
    // so PRIMARY KEY USING INDEX cannot take it over: the key's index is built anew).
    const redundant = uniques.find((u) => u.constraint && same(u.columns, [column, 'id']));
    const drop = [primaryKey, redundant].filter((c) => c !== undefined && c !== null).map((c) => `DROP CONSTRAINT ${q(c!.name)}`);
    prepare.push(`ALTER TABLE ${q(t)} ${[...drop, `ADD CONSTRAINT ${q(pk)} PRIMARY KEY (${q(column)}, "id")`].join(', ')}`);
  }
  for (const p of facts.subqueryPolicies) {
    const predicate = citusSystemPredicate(p.column);
    prepare.push(`DROP POLICY ${q(SYSTEM_POLICY_NAME)} ON ${q(p.table)}`);
    prepare.push(`CREATE POLICY ${q(SYSTEM_POLICY_NAME)} ON ${q(p.table)} AS PERMISSIVE FOR ALL TO ${q(SYSTEM_ROLE)} USING ${predicate} WITH CHECK ${predicate}`);
  }
  if (facts.functionNeedsSetting) prepare.push(`ALTER FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() SET citus.allow_nested_distributed_execution = on`);
  const steps: DistributionStep[] = [];
  if (prepare.length) steps.push({ title: 'keys dropped (remembered), tenant primary keys with the tenant column, policies without subqueries', statements: prepare });
  const keyTable = `${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE}`;
  if (facts.keyTableExists && !facts.placed.has(keyTable)) steps.push({ title: `reference table ${keyTable}`, statements: [`SELECT create_reference_table(${lit(keyTable)})`] });
  // Row security stays enabled; only FORCE is lifted around the copy (an owner's COPY would see no rows).
  const placing = (t: string, place: string[]) => [`ALTER TABLE ${q(t)} NO FORCE ROW LEVEL SECURITY`, ...place, `ALTER TABLE ${q(t)} FORCE ROW LEVEL SECURITY`];
  const forced = (t: string, place: string[]) => (facts.tables.get(t)?.forceRowSecurity ? placing(t, place) : place);
  for (const t of referenceTables.filter((x) => !facts.placed.has(x))) steps.push({ title: `reference table ${t}`, statements: forced(t, citusPlacement.placeTable(t, 'reference')) });
  for (const t of tenantTables.filter((x) => !facts.placed.has(x))) {
    steps.push({ title: `distributed table ${t} by ${tenantOf.get(t)}`, statements: forced(t, citusPlacement.placeTable(t, { tenantColumn: tenantOf.get(t)! })) });
  }
  const pending = [...facts.pendingKeys, ...keysToDrop.map((k: CatalogKey) => ({ table: k.table, name: k.name, definition: citusKeyDefinition(k.definition) }))];
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    steps.push({
      title: `foreign keys ${i + 1}–${i + batch.length} of ${pending.length}`,
      // Several keys on the same shards in one transaction: Citus needs them one shard connection at a time.
      statements: ["SET LOCAL citus.multi_shard_modify_mode TO 'sequential'", ...batch.flatMap((k) => [
        `ALTER TABLE ${q(k.table)} ADD CONSTRAINT ${q(k.name)} ${k.definition}`,
        `DELETE FROM ${PENDING_KEYS_TABLE} WHERE tbl = ${lit(k.table)} AND name = ${lit(k.name)}`,
      ])],
    });
  }
  if (pending.length) steps.push({ title: 'pending-keys table dropped', statements: [`DROP TABLE ${PENDING_KEYS_TABLE}`] });
  return { blockers, tenantTables, referenceTables, changedRules, steps };
}
