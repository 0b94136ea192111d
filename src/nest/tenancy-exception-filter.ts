import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { tenancyHttpError } from './tenancy-http-error';

/**
 * Global exception filter (registered by `TenancyModule` unless `exceptionFilter: false`): library
 * errors and common driver errors become the statuses of {@link tenancyHttpError} (400 / 404 /
 * 409 / 422) with bodies that leak nothing of other tenants; everything else goes to Nest's own
 * handling (`HttpException`s unchanged, anything unknown a logged, generic 500). HTTP only: other
 * contexts (RPC, WebSockets) are passed on unchanged.
 *
 * @example
 * app.useGlobalFilters(new TenancyExceptionFilter(app.get(HttpAdapterHost).httpAdapter)); // without TenancyModule
 */
@Catch()
export class TenancyExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const mapped = host.getType() === 'http' ? tenancyHttpError(exception) : undefined;
    if (!mapped) return super.catch(exception, host);
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    if (!adapter) return super.catch(exception, host);
    adapter.reply(host.switchToHttp().getResponse(), mapped.body, mapped.status);
  }
}
