import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { tenancyConfig, tenantColumnOf } from '../scopes/tenancy-options';

/**
 * The marker that replaces a redacted value in `old_values`, `new_values` and criteria parameters.
 *
 * @example
 * auditRow.newValues?.password_hash === REDACTED; // true: the key says it changed, the value is gone
 */
export const REDACTED = '[REDACTED]';

/**
 * Names redacted unless `redactDefaults: false`: any property or column whose name contains
 * password/passwd/passphrase, secret, token, api key, private key or credential (case-insensitive;
 * so `password_hash`, `token_hash`, `apiKey`, `client_secret` are all redacted).
 *
 * @example
 * DEFAULT_REDACTED_NAMES.some((r) => r.test('password_hash')); // true
 */
export const DEFAULT_REDACTED_NAMES: readonly RegExp[] = [/pass(word|wd|phrase)/i, /secret/i, /token/i, /api_?key/i, /private_?key/i, /credential/i];

/**
 * Options of {@link enableAuditLog}.
 *
 * @example
 * const options: AuditLogOptions = { entities: [Conference, User], redact: ['iban', /^ssn/i] };
 */
export interface AuditLogOptions {
  /**
   * The entities whose writes are audited (classes, `EntitySchema`s, entity names or table names). Default: every
   * tenant-aware entity (one with the tenant column), junction tables excluded. A listed entity
   * without a tenant column is audited inside `withTenant` (filed under that tenant) and not in
   * `withoutTenantScope` (there is no tenant to file it under). `audit_logs` itself and the tenants
   * table never are.
   */
  entities?: ReadonlyArray<EntityTarget<ObjectLiteral>>;
  /** More property/column names whose values are replaced by {@link REDACTED}: a string matches a name exactly (case-insensitive), a RegExp is tested. Added to the defaults. */
  redact?: ReadonlyArray<string | RegExp>;
  /** `false` drops {@link DEFAULT_REDACTED_NAMES} (only `redact` applies). Default true. */
  redactDefaults?: boolean;
}

/** Resolved options of one DataSource. */
export interface AuditConfig {
  readonly audits: (metadata: EntityMetadata) => boolean;
  readonly redacts: (name: string) => boolean;
  /** The options as given, to compare a second call. */
  readonly signature: string;
}

/** The bundled audit table: never audited, whatever `entities` says. */
export const AUDIT_TABLE = 'audit_logs';

function nameOf(target: EntityTarget<ObjectLiteral>): string {
  if (typeof target === 'string') return target;
  if (typeof target === 'function') return target.name;
  return (target as { options?: { name?: string } }).options?.name ?? String(target);
}

/** Resolves the options (see {@link AuditLogOptions}). */
export function resolveAuditConfig(dataSource: DataSource, options: AuditLogOptions): AuditConfig {
  const listed = options.entities;
  const matchers = [...(options.redactDefaults === false ? [] : DEFAULT_REDACTED_NAMES), ...(options.redact ?? [])];
  const decided = new WeakMap<EntityMetadata, boolean>();
  const audits = (metadata: EntityMetadata): boolean => {
    // The tenants table neither: a deleted tenant takes its audit rows along (cascade), and no audit row can reference it.
    if (metadata.tableName === AUDIT_TABLE || metadata.tableName === tenancyConfig(dataSource)?.tenantTable || metadata.dataSource !== dataSource) return false;
    if (!listed) return tenantColumnOf(metadata) !== null && !metadata.isJunction;
    let answer = decided.get(metadata);
    if (answer === undefined) {
      answer = listed.some((t) => (typeof t === 'string' ? t === metadata.name || t === metadata.tableName : dataSource.hasMetadata(t) && dataSource.getMetadata(t) === metadata));
      decided.set(metadata, answer);
    }
    return answer;
  };
  // RegExps copied without the g/y flags, whose lastIndex would make test() stateful.
  const tests = matchers.map((m): ((name: string) => boolean) => {
    if (typeof m === 'string') return (name) => name.toLowerCase() === m.toLowerCase();
    const pattern = new RegExp(m.source, m.flags.replace(/[gy]/g, ''));
    return (name) => pattern.test(name);
  });
  const redacts = (name: string): boolean => tests.some((t) => t(name));
  const signature = JSON.stringify({
    entities: listed?.map(nameOf) ?? null,
    redact: matchers.map((m) => (typeof m === 'string' ? m : `/${m.source}/${m.flags}`)),
  });
  return { audits, redacts, signature };
}
