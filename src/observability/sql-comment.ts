import type { TenantContextFields } from './context-fields';

/**
 * The sqlcommenter-style comment for the fields (https://google.github.io/sqlcommenter/spec/):
 * keys sorted, values URL-encoded and single-quoted; `''` outside any context. Ids are UUIDs the
 * library has validated, so nothing in a value can end the comment.
 *
 * @example
 * sqlComment({ scope: 'tenant', tenantId: 't1', actorId: 'u1' }); // "/*actor_id='u1',tenant_id='t1',tenant_scope='tenant'*\/"
 */
export function sqlComment(fields: TenantContextFields): string {
  if (fields.scope === 'none') return '';
  const pairs: Array<[string, string]> = [['tenant_scope', fields.scope]];
  if (fields.tenantId) pairs.push(['tenant_id', fields.tenantId]);
  if (fields.actorId) pairs.push(['actor_id', fields.actorId]);
  pairs.sort(([a], [b]) => (a < b ? -1 : 1));
  const body = pairs.map(([k, v]) => `${k}='${encodeURIComponent(v).replace(/'/g, '%27')}'`).join(',');
  return `/*${body}*/`;
}

/**
 * The statement with the comment appended, before a trailing `;` (so a single statement stays a
 * single statement); unchanged when the comment is empty.
 *
 * @example
 * tagStatement('SELECT 1;', "/*tenant_id='t1'*\/"); // "SELECT 1 /*tenant_id='t1'*\/;"
 */
export function tagStatement(sql: string, comment: string): string {
  if (!comment) return sql;
  const trimmed = sql.replace(/\s+$/, '');
  const body = trimmed.endsWith(';') ? trimmed.slice(0, -1) : trimmed;
  // After a `--` comment on the last line the tag goes on a line of its own, or it would be inside it.
  const gap = body.slice(body.lastIndexOf('\n') + 1).includes('--') ? '\n' : ' ';
  return `${body}${gap}${comment}${body === trimmed ? '' : ';'}`;
}
