import { AsyncResource } from 'node:async_hooks';
import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { ReadStream } from 'typeorm/platform/PlatformTools';
import { hasScopes } from '../scope-registry';
import { patchMethod } from './patch-method';

/**
 * `stream()` returns the driver's stream, whose events fire from the pooled socket's callbacks: in
 * the context of whichever request opened that socket. The stream's `emit` is bound to the context
 * `stream()` was called in, so `on('data')` listeners, `pipe()` and async iteration run as the
 * caller (its tenant, or none). Patch point: SelectQueryBuilder.stream.
 */
export function installStreamPatch(): void {
  patchMethod(SelectQueryBuilder, 'stream', (original) =>
    async function stream(this: SelectQueryBuilder<ObjectLiteral>) {
      const result = (await original.call(this)) as ReadStream;
      if (hasScopes(this.dataSource)) result.emit = AsyncResource.bind(result.emit, 'TenancyStream', result);
      return result;
    },
  );
}
