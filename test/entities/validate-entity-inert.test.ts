import { ChildEntity, Column, Entity, PrimaryGeneratedColumn, TableInheritance, VirtualColumn, type DataSource } from 'typeorm';
import { IsString, Length } from 'class-validator';
import { EntityValidationError } from '../../src/errors';
import { TenantAwareEntity } from '../../src/entities/tenant-aware-entity';
import { withTenant } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { openOwnDataSource } from '../support/own-data-source';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, expectRefused } from '../support/tenants';

/**
 * Regression: validation ran on every entity of a tenancy DataSource and called a
 * single-table-inheritance discriminator, a `@VirtualColumn` and a NOT NULL column with a
 * database-only default "required" (TypeORM's own suite failed on them). Entities without a tenant
 * column must behave as in plain TypeORM; tenant-aware ones must understand those column kinds.
 */

@Entity('inert_contents')
@TableInheritance({ column: { type: 'varchar', name: 'kind', length: 20 } })
class Content {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 100 }) title: string;
}

@ChildEntity('photo')
class Photo extends Content {
  @Column({ type: 'int', nullable: true }) size: number | null;
}

@Entity('inert_authors')
class Author {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @VirtualColumn({ type: 'int', query: (alias) => `SELECT LENGTH(${alias}.name)` }) nameLength: number;
}

/** `status` is NOT NULL with a default that only the database knows (set by ALTER below). */
@Entity('inert_tickets')
class Ticket {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 100 }) subject: string;
  @Column({ type: 'varchar', length: 20 }) status: string;
}

/** The same column kinds on a tenant-aware entity, plus a validated `title`. */
@Entity('inert_tenant_contents')
@TableInheritance({ column: { type: 'varchar', name: 'kind', length: 20 } })
class TenantContent extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 100 }) @IsString() @Length(1, 100) title: string;
  @Column({ type: 'varchar', length: 20 }) status: string;
  @VirtualColumn({ type: 'int', query: (alias) => `SELECT LENGTH(${alias}.title)` }) titleLength: number;
}

@ChildEntity('photo')
class TenantPhoto extends TenantContent {
  @Column({ type: 'int', nullable: true }) size: number | null;
}

const entities = [Content, Photo, Author, Ticket, TenantContent, TenantPhoto];
const TABLES = ['inert_contents', 'inert_authors', 'inert_tickets', 'inert_tenant_contents'];

/** What plain TypeORM and the layer must both do with the non-tenant entities. */
async function writeAndRead(ds: DataSource) {
  await ds.getRepository(Photo).save({ title: 'saved', size: 3 });
  await ds.getRepository(Photo).insert({ title: 'inserted' });
  await ds.getRepository(Content).save({ title: 'root' });
  const author = await ds.getRepository(Author).save({ name: 'Ada' });
  await ds.getRepository(Author).insert({ name: 'Grace' });
  await ds.getRepository(Ticket).save({ subject: 'saved' });
  await ds.getRepository(Ticket).insert({ subject: 'inserted' });
  await ds.createQueryBuilder().insert().into(Ticket).values({ subject: 'qb' }).execute();
  const photos = (await ds.getRepository(Content).find({ order: { id: 'ASC' } })).map((c) => [c.constructor.name, c.title]);
  const authors = (await ds.getRepository(Author).find({ order: { id: 'ASC' } })).map((a) => [a.name, a.nameLength]);
  const tickets = (await ds.getRepository(Ticket).find({ order: { id: 'ASC' } })).map((t) => [t.subject, t.status]);
  const kinds = (await ds.query(`SELECT kind FROM inert_contents ORDER BY id`)).map((r: { kind: string }) => r.kind);
  return { saved: typeof author.id, photos, authors, tickets, kinds };
}

describeEachDatabase('validation of entities that are not tenant-aware', { migrate: false, tenancy: false }, (db) => {
  let plain: DataSource;
  let clear: () => Promise<void>;

  beforeAll(async () => {
    plain = await openOwnDataSource(db(), entities, { tenancy: false, synchronize: true });
    const q = (t: string) => plain.driver.escape(t);
    await plain.query(`ALTER TABLE ${q('inert_tickets')} ALTER COLUMN ${q('status')} SET DEFAULT 'open'`);
    await plain.query(`ALTER TABLE ${q('inert_tenant_contents')} ALTER COLUMN ${q('status')} SET DEFAULT 'new'`);
    clear = async () => {
      for (const t of TABLES) await plain.query(`DELETE FROM ${q(t)}`);
    };
  });
  afterAll(async () => {
    if (plain?.isInitialized) await plain.destroy();
  });

  it('STI discriminator, @VirtualColumn and a database-only default behave as in plain TypeORM', async () => {
    const expected = await writeAndRead(plain);
    expect(expected.kinds).toEqual(['photo', 'photo', 'Content']);
    expect(expected.tickets.map(([, status]) => status)).toEqual(['open', 'open', 'open']);
    await clear();
    await plain.destroy();
    const tenancy = await openOwnDataSource(db(), entities);
    try {
      expect(await writeAndRead(tenancy)).toEqual(expected);
    } finally {
      await tenancy.destroy();
      plain = await openOwnDataSource(db(), entities, { tenancy: false });
    }
  });

  it('tenant-aware: the same column kinds are filled by TypeORM and the database; a validated column is still required', async () => {
    await clear();
    await plain.destroy();
    const tenancy = await openOwnDataSource(db(), entities, { tenancy: { rowLevelSecurity: false } });
    try {
      const A = uuidv7();
      const photos = tenancy.getRepository(TenantPhoto);
      await withTenant(A, () => photos.save({ title: 'saved', size: 1 }));
      await withTenant(A, () => photos.insert({ title: 'inserted' }));
      await withTenant(A, () => tenancy.getRepository(TenantContent).save({ title: 'root' }));
      const rows = await tenancy.query(`SELECT kind, status, tenant_id FROM inert_tenant_contents ORDER BY title`);
      expect(rows.map((r: Record<string, string>) => [r.kind, r.status, String(r.tenant_id).toLowerCase()])).toEqual([
        ['photo', 'new', A],
        ['TenantContent', 'new', A],
        ['photo', 'new', A],
      ]);
      const read = await withTenant(A, () => photos.find({ order: { title: 'ASC' } }));
      expect(read.map((p) => [p.title, p.titleLength])).toEqual([
        ['inserted', 8],
        ['saved', 5],
      ]);
      const error = await expectRefused(tenancy, 'inert_tenant_contents', () => withTenant(A, () => photos.insert({ size: 2 })), EntityValidationError, 'ENTITY_INVALID');
      expect((error as EntityValidationError).failures).toEqual([{ property: 'title', constraints: { isDefined: 'title is required' } }]);
      expect(await countRows(tenancy, 'inert_tenant_contents')).toBe(3);
    } finally {
      await tenancy.destroy();
      plain = await openOwnDataSource(db(), entities, { tenancy: false });
    }
  });
});
