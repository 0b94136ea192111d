import { SelectQueryBuilder, type DataSource, type EntityMetadata, type InsertQueryBuilder, type ObjectLiteral, type QueryBuilder, type QueryRunner } from 'typeorm';
import { TenancySetupError } from '../errors/tenancy-setup-error';
import { tenantColumnOf } from '../scopes/tenancy-options';
import type { PersistedSubjects, WriteObserver } from '../scopes/write-observer';
import { currentScope } from '../tenancy/current-tenant';
import { AUDIT_TABLE, type AuditConfig } from './audit-options';
import { insertedDrafts, persistedDrafts, statementDraft, type AuditAction, type AuditDraft } from './audit-drafts';
import { statementCriteria } from './audit-values';
import { inTransaction } from '../migrations/in-transaction';

type Builder = QueryBuilder<ObjectLiteral> & { queryRunner?: QueryRunner; createWhereExpression(): string; replacePropertyNamesForTheWholeQuery(sql: string): string };
const STATEMENT_ACTIONS: Record<string, AuditAction> = { update: 'update', delete: 'delete', 'soft-delete': 'soft-delete', restore: 'restore' };

/** The entity of the audit table in a DataSource (the bundled AuditLog or the app's own). */
export function auditMetadataOf(dataSource: DataSource): EntityMetadata {
  const metadata = dataSource.entityMetadatas.find((m) => m.tableName === AUDIT_TABLE);
  if (!metadata) {
    throw new TenancySetupError('enableAuditLog(dataSource) without an entity for the audit_logs table', 'Add AuditLog (exported by typeorm-tenancy) to the DataSource entities, and run the bundled migrations so that audit_logs exists.');
  }
  return metadata;
}

/**
 * Runs `fn` inside a transaction of the builder's query runner: the caller's own when one is open,
 * else one started here (on the builder's runner, or a runner of its own released afterwards), so
 * that a write and its audit row commit or roll back together.
 */
async function inBuilderTransaction<T>(qb: Builder, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const given = qb.queryRunner;
  const runner = given ?? qb.dataSource.createQueryRunner();
  if (!given) qb.setQueryRunner(runner);
  try {
    return await inTransaction(runner, () => fn(runner));
  } finally {
    if (!given) {
      qb.queryRunner = undefined;
      await runner.release();
    }
  }
}

/**
 * The tenants whose rows a statement run as system work matches (the audit row of each is filed
 * there): the statement's own FROM and WHERE as a SELECT DISTINCT of the tenant column, deleted
 * rows included, on the statement's transaction.
 */
async function tenantsMatched(qb: Builder, runner: QueryRunner, metadata: EntityMetadata): Promise<string[]> {
  const column = tenantColumnOf(metadata);
  if (!column) return [];
  const select = new SelectQueryBuilder(qb).setQueryRunner(runner);
  select.expressionMap.queryType = 'select';
  const rows: Array<{ tenant: unknown }> = await select.select(qb.dataSource.driver.escape(column.databaseName), 'tenant').distinct(true).withDeleted().getRawMany();
  return rows.map((r) => String(r.tenant).toLowerCase());
}

/**
 * The audit log's write observer: one audit row per entity written by save/remove/softRemove/
 * recover and per row of an insert or upsert, one per update/delete/soft-delete/restore statement
 * (with its criteria), written on the same query runner inside the write's transaction.
 */
export class AuditWriter implements WriteObserver {
  /** Query runners inside a persistence operation: its own statements (listeners off) are audited by `persist`. */
  private readonly persisting = new Map<QueryRunner, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuditConfig,
  ) {}

  // save(…, { transaction: false }) outside a transaction of the caller's gets one here: the rows and their audit rows stay one unit.
  persist(subjects: PersistedSubjects, run: () => Promise<void>): Promise<void> {
    const runner = subjects.queryRunner;
    const all = [subjects.insertSubjects, subjects.updateSubjects, subjects.removeSubjects, subjects.softRemoveSubjects, subjects.recoverSubjects];
    if (!all.some((list) => list.some((subject) => this.config.audits(subject.metadata)))) return run();
    return inTransaction(runner, async () => {
      this.persisting.set(runner, (this.persisting.get(runner) ?? 0) + 1);
      try {
        await run();
      } finally {
        const depth = this.persisting.get(runner)! - 1;
        if (depth) this.persisting.set(runner, depth);
        else this.persisting.delete(runner);
      }
      await this.write(runner, persistedDrafts(subjects, this.config.audits, this.config.redacts));
    });
  }

  statement<T>(builder: QueryBuilder<ObjectLiteral>, run: () => Promise<T>): Promise<T> {
    const qb = builder as Builder;
    const map = qb.expressionMap;
    const metadata = map.mainAlias?.hasMetadata ? map.mainAlias.metadata : undefined;
    if (!metadata || !this.config.audits(metadata) || map.insertFromSelect) return run();
    if (map.callListeners === false && qb.queryRunner && this.persisting.has(qb.queryRunner)) return run();
    const { redacts } = this.config;
    if (map.queryType === 'insert') {
      const rows = (qb as unknown as InsertQueryBuilder<ObjectLiteral> & { getValueSets(): ObjectLiteral[] }).getValueSets();
      const action: AuditAction = map.onUpdate ? 'upsert' : 'insert';
      return inBuilderTransaction(qb, async (runner) => {
        const result = await run();
        await this.write(runner, insertedDrafts(metadata, action, rows, result as never, redacts));
        return result;
      });
    }
    const action = STATEMENT_ACTIONS[map.queryType];
    if (!action) return run();
    const where = qb.replacePropertyNamesForTheWholeQuery(qb.createWhereExpression()).trim().replace(/^WHERE\s+/i, '');
    const criteria = statementCriteria(where, qb.getParameters(), redacts);
    const set = map.valuesSet as ObjectLiteral | undefined;
    return inBuilderTransaction(qb, async (runner) => {
      const system = currentScope()?.kind === 'system';
      const tenants = system ? await tenantsMatched(qb, runner, metadata) : [undefined];
      const result = await run();
      const affected = (result as { affected?: number }).affected;
      if (affected === 0) return result;
      if (typeof affected === 'number') criteria.affected = affected;
      const draft = statementDraft(metadata, action, criteria, set, redacts);
      await this.write(runner, tenants.map((rowTenant) => ({ ...draft, rowTenant })));
      return result;
    });
  }

  /** Inserts the audit rows: tenant and actor from the context (system work: the row's tenant, no actor). */
  private async write(runner: QueryRunner, drafts: AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const audit = auditMetadataOf(this.dataSource);
    const scope = currentScope();
    const tenantColumn = tenantColumnOf(audit);
    const rows: ObjectLiteral[] = [];
    for (const draft of drafts) {
      const tenantId = scope?.kind === 'tenant' ? scope.tenantId : draft.rowTenant;
      if (!tenantId || !tenantColumn) continue; // no tenant to file it under (docs/audit.md)
      const row: ObjectLiteral = {};
      tenantColumn.setEntityValue(row, tenantId);
      const values: Record<string, unknown> = {
        user_id: scope?.kind === 'tenant' ? (scope.actorId ?? null) : null,
        action: draft.action,
        entity_type: draft.metadata.tableName,
        entity_id: draft.entityId,
        old_values: draft.oldValues,
        new_values: draft.newValues,
      };
      for (const [name, value] of Object.entries(values)) audit.findColumnWithDatabaseName(name)?.setEntityValue(row, value);
      rows.push(row);
    }
    if (rows.length) await this.dataSource.createQueryBuilder(runner).insert().into(audit.target).values(rows).updateEntity(false).execute();
  }
}
