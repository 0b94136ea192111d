import type { TableDefinition } from '../table-definition';

/** Phase 0901: API tokens (stored hashed) for machine access. */
export const apiTokens: TableDefinition = {
  phase: 901,
  name: 'api_tokens',
  kind: 'tenant',
  comment: 'API tokens for machine access; only a hash of the secret is stored',
  references: [{ column: 'user_id', table: 'users', nullable: true, comment: 'User the token acts for; NULL for tenant service tokens' }],
  columns: [
    { name: 'name', type: 'varchar(200)', comment: 'Label chosen by the owner' },
    { name: 'token_hash', type: 'varchar(255)', comment: 'SHA-256 (hex) of the secret; the secret itself is never stored' },
    { name: 'abilities', type: 'json', nullable: true, comment: 'Array of granted abilities; NULL grants the user\'s own' },
    { name: 'last_used_at', type: 'timestamp', nullable: true },
    { name: 'expires_at', type: 'timestamp', nullable: true, comment: 'NULL for tokens that do not expire' },
  ],
  uniques: [{ name: 'uq_api_tokens_token_hash', columns: ['tenant_id', 'token_hash'] }],
};
