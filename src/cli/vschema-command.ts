import { vitessVschema, type TenantVindexType, type VschemaOptions } from '../dialect/mysql-vschema';
import { schemaTables, tenantsTable } from '../schema';

const VINDEXES: readonly TenantVindexType[] = ['xxhash', 'binary_md5'];

/** Options of {@link vschemaCommand} (the flags of `typeorm-tenancy vschema`). */
export interface VschemaCommandOptions {
  keyspace?: string;
  globalKeyspace?: string;
  vindex?: string;
}

/**
 * `typeorm-tenancy vschema`: prints the Vitess VSchema of the bundled tables as JSON (one object
 * per keyspace under `keyspaces`; apply each with `vtctldclient ApplyVSchema --vschema '<json>' <keyspace>`).
 * Connects to nothing. Exit 0, or 2 for an unknown vindex or equal keyspace names.
 *
 * @example
 * process.exitCode = vschemaCommand({ keyspace: 'app', globalKeyspace: 'app_global' });
 */
export function vschemaCommand(options: VschemaCommandOptions = {}, out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  if (options.vindex !== undefined && !VINDEXES.includes(options.vindex as TenantVindexType)) {
    err(`typeorm-tenancy vschema: --vindex must be one of ${VINDEXES.join(', ')}, not '${options.vindex}'\n`);
    return 2;
  }
  const vschemaOptions: VschemaOptions = { keyspace: options.keyspace, globalKeyspace: options.globalKeyspace, vindex: options.vindex as TenantVindexType | undefined };
  if ((options.keyspace ?? 'tenancy') === (options.globalKeyspace ?? 'tenancy_global')) {
    err('typeorm-tenancy vschema: --keyspace and --global-keyspace must differ\n');
    return 2;
  }
  out(`${JSON.stringify(vitessVschema([tenantsTable, ...schemaTables], vschemaOptions), null, 2)}\n`);
  return 0;
}
