import type { ColumnOptions } from 'typeorm';
import { enumLength } from './column-shape';
import { NOW, type ColumnSpec } from './table-definition';

/**
 * The TypeORM column options of a portable column spec (before `enableTenancy` adapts uuid, json
 * and timestamp columns to the dialect): `varchar(200)` → `{ type: 'varchar', length: 200 }`, an
 * enum → a varchar as long as its longest value. The default "now" depends on the dialect and is set when
 * the metadata is built.
 *
 * @example
 * columnOptionsOf({ name: 'price', type: 'decimal(12,4)' }); // { type: 'decimal', precision: 12, scale: 4, nullable: false }
 */
export function columnOptionsOf(spec: ColumnSpec): ColumnOptions {
  const options: ColumnOptions = { nullable: spec.nullable === true };
  const sized = /^(varchar|char)\((\d+)\)$/.exec(spec.type);
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(spec.type);
  if (sized) Object.assign(options, { type: sized[1], length: Number(sized[2]) });
  else if (decimal) Object.assign(options, { type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) });
  else if (spec.type === 'enum') Object.assign(options, { type: 'varchar', length: enumLength(spec.values ?? ['']) });
  else options.type = spec.type as ColumnOptions['type'];
  if (spec.default !== undefined && spec.default !== NOW) options.default = spec.default;
  return options;
}
