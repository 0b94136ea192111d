import type { TableDefinition } from '../table-definition';

/** Phase 0105: password reset tokens, stored as hashes only. */
export const passwordResetTokens: TableDefinition = {
  phase: 105,
  name: 'password_reset_tokens',
  kind: 'tenant',
  comment: 'Password reset requests of users; only a hash of the emailed token is stored',
  references: [{ column: 'user_id', table: 'users', comment: 'User whose password may be reset' }],
  columns: [
    {
      name: 'token_hash',
      type: 'varchar(255)',
      comment: 'Hash of the emailed token (e.g. SHA-256 hex), never the token itself; unique per tenant',
    },
    { name: 'expires_at', type: 'timestamp', comment: 'The token is refused after this instant' },
    { name: 'used_at', type: 'timestamp', nullable: true, comment: 'When the token was redeemed; NULL while unused' },
    { name: 'requested_ip', type: 'varchar(45)', nullable: true, comment: 'Client address of the request, IPv4 or IPv6' },
  ],
  // Not "while live": a token hash must never come back, even after the row is soft-deleted.
  uniques: [{ name: 'uq_password_reset_tokens_tenant_hash', columns: ['tenant_id', 'token_hash'] }],
};
