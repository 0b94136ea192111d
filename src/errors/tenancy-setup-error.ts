import { TenancyError } from './tenancy-error';

/**
 * A setup the tenancy layer cannot keep isolated (a DataSource option, a library version, a
 * driver feature) was refused before anything was sent. The message names the setting and how
 * to change it.
 *
 * @example
 * enableTenancy(new DataSource({ type: 'postgres', extra: { pipeline: true } })); // TENANCY_SETUP_UNSUPPORTED
 */
export class TenancySetupError extends TenancyError {
  readonly code = 'TENANCY_SETUP_UNSUPPORTED' as const;

  constructor(readonly setting: string, fix: string) {
    super(`${setting}: not supported with tenancy. ${fix}`);
  }
}
