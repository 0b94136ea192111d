import { getMetadataArgsStorage, PrimaryColumn } from 'typeorm';
import { IsUuidV7 } from '../uuid/is-uuid-v7.decorator';
import { uuidv7 } from '../uuid/uuidv7';
import { markGeneratedId } from './generated-ids';

/**
 * Base entity with a time-ordered UUIDv7 primary key `id`. The id is generated in JS on insert when
 * absent and kept when a valid UUIDv7 is supplied; anything else is refused by validation
 * (`ENTITY_INVALID`) once `enableTenancy` is on. Stored as `uuid` (PostgreSQL), native `UUID`
 * (MariaDB) or `CHAR(36)` ascii_bin (MySQL).
 *
 * @example
 * @Entity('countries')
 * export class Country extends UuidV7Entity {
 *   @Column({ type: 'char', length: 2 }) code: string;
 * }
 */
export abstract class UuidV7Entity {
  @PrimaryColumn({ type: 'uuid' })
  @IsUuidV7()
  id: string;
}

// A @BeforeInsert listener for save(), registered on a non-enumerable method so it stays out of the
// entity's TypeScript type (`repo.save({ ...entity })` keeps type-checking). enableTenancy's
// subscriber also covers plain objects given to insert()/upsert(), which listeners never see.
const LISTENER = '__typeormTenancyAssignUuidV7';
Object.defineProperty(UuidV7Entity.prototype, LISTENER, {
  enumerable: false,
  value(this: UuidV7Entity) {
    if (this.id === undefined || this.id === null) {
      this.id = uuidv7();
      markGeneratedId(this);
    }
  },
});
getMetadataArgsStorage().entityListeners.push({ target: UuidV7Entity, propertyName: LISTENER, type: 'before-insert' });
