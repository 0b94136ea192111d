import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isUuidV7 } from './is-uuid-v7';

/**
 * class-validator decorator: the property must be a UUIDv7 (see {@link isUuidV7}).
 *
 * @example
 * class Invite { @IsUuidV7() conferenceId: string; }
 */
export function IsUuidV7(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUuidV7',
      validator: {
        validate: (value) => isUuidV7(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a UUIDv7 (lowercase 8-4-4-4-12, version 7)`,
      },
    },
    options,
  );
}
