import { Column, Entity, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { IsInt } from 'class-validator';
import { UuidV7Entity } from '../../src/entities/uuid-v7-entity';
import { EntityValidationError } from '../../src/errors';
import { createTable, dropTable } from '../../src/migrations/ddl';
import { isUuidV7, UuidV7Source, uuidV7Date } from '../../src/uuid';
import { describeEachDatabase } from '../support/scratch-database';

/** Test-only entity on `uuid_probes`; `batch` keeps the raw and repository rows apart. */
@Entity('uuid_probes')
class UuidProbe extends UuidV7Entity {
  @Column({ type: 'int' })
  @IsInt()
  seq: number;

  @Column({ type: 'varchar', length: 20 })
  batch: string;
}

class CreateUuidProbes1800000000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(queryRunner, {
      name: 'uuid_probes',
      comment: 'uuid storage test rows',
      columns: [
        { name: 'id', type: 'uuid' },
        { name: 'seq', type: 'int' },
        { name: 'batch', type: 'varchar(20)' },
      ],
      constraints: (d) => [`CONSTRAINT ${d.quote('pk_uuid_probes')} PRIMARY KEY (${d.quote('id')})`],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'uuid_probes');
  }
}

const T = Date.parse('2026-11-22T10:15:00.000Z');
const bytesOf = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const byByteOrder = (a: string, b: string) => Buffer.compare(bytesOf(a), bytesOf(b));
const byStringOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Deterministic Fisher-Yates (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed = 20261122): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * 2,000 ids from one source in generation order: 500 in a single ms (counter only), 500 in
 * consecutive ms across a low-byte carry, 500 with growing jumps (2^8 … 2^40 ms, so every
 * timestamp byte changes), 500 in groups of ten per ms.
 */
function generateIds(): string[] {
  const times: number[] = [];
  const base = T - (T % 256) + 0xf0;
  for (let i = 0; i < 500; i++) times.push(base);
  for (let i = 1; i <= 500; i++) times.push(base + i);
  let t = base + 500;
  for (let i = 0; i < 500; i++) times.push((t += 2 ** (8 + (i % 33))));
  for (let i = 0; i < 500; i++) times.push(t + 1 + Math.floor(i / 10));
  let k = 0;
  const source = new UuidV7Source({ now: () => times[k++] });
  return times.map(() => source.next());
}

/**
 * v1 ids whose byte order differs from their time order. MariaDB's UUID type stores v1 (and any
 * version < 6) with the groups reversed (nnnnnnnnnnnn-vsss-Vhhh-mmmm-llllllll) and compares them
 * that way; v6+ are stored and compared as plain bytes since 10.10.6 / 10.11.5 (MDEV-29959, MDEV-31926).
 */
const V1 = ['22222222-1111-1333-8444-555555555555', '11111111-2222-1333-8444-555555555555', '00000000-3333-1333-8444-555555555555'];
const mariadbV1Key = (id: string) => id.split('-').reverse().join('-');

describeEachDatabase('UUIDv7 storage and ordering', { entities: [UuidProbe], migrations: [CreateUuidProbes1800000000100] }, (db) => {
  let ds: DataSource;
  const generated = generateIds();
  const probes = () => ds.getRepository(UuidProbe);

  /** Runs `sql` with `:name` parameters through TypeORM's query(), whatever the driver's placeholder style. */
  const query = <R = Record<string, unknown>>(sql: string, parameters: Record<string, unknown> = {}): Promise<R[]> => {
    const [escaped, values] = ds.driver.escapeQueryWithParameters(sql, parameters);
    return ds.query(escaped, values);
  };

  const insertRaw = async (batch: string, ids: readonly string[]) => {
    for (let offset = 0; offset < ids.length; offset += 500) {
      const chunk = ids.slice(offset, offset + 500);
      const parameters: Record<string, unknown> = { batch };
      const rows = chunk.map((id, i) => {
        parameters[`id${i}`] = id;
        parameters[`seq${i}`] = offset + i;
        return `(:id${i}, :seq${i}, :batch)`;
      });
      await query(`INSERT INTO uuid_probes (id, seq, batch) VALUES ${rows.join(', ')}`, parameters);
    }
  };

  const idsOf = async (batch: string, extra = '', parameters: Record<string, unknown> = {}) =>
    (await query<{ id: unknown }>(`SELECT id FROM uuid_probes WHERE batch = :batch ${extra} ORDER BY id`, { batch, ...parameters })).map((r) => r.id);

  beforeAll(async () => {
    ds = db().dataSource;
    await insertRaw('raw', shuffled(generated));
  });

  it('generates the test ids strictly increasing across ms and byte carries', () => {
    const times = new Set(generated.map((id) => uuidV7Date(id).getTime()));
    expect(times.size).toBeGreaterThan(1000);
    expect(generated.filter((id, i) => i > 0 && !(id > generated[i - 1]))).toEqual([]);
  });

  it('JS string order = byte order = generation order', () => {
    expect([...generated].sort(byStringOrder)).toEqual(generated);
    expect([...generated].sort(byByteOrder)).toEqual(generated);
    expect([...generated].sort()).toEqual(generated); // Array#sort's default UTF-16 compare, too
  });

  it('stores the id column as the dialect says (uuid / native UUID / CHAR(36) ascii_bin)', async () => {
    const expected = {
      postgres: { type: 'uuid' },
      pglite: { type: 'uuid' },
      mariadb: { type: 'uuid' },
      mysql: { type: 'char(36)', collation: 'ascii_bin' },
    }[db().target.name];
    const [column] =
      db().target.family === 'postgres'
        ? await query<{ type: string }>(`SELECT data_type AS type FROM information_schema.columns WHERE table_name = 'uuid_probes' AND column_name = 'id'`)
        : await query<{ type: string; collation: string }>(
            `SELECT COLUMN_TYPE AS type, COLLATION_NAME AS collation FROM information_schema.columns ` +
              `WHERE table_schema = DATABASE() AND table_name = 'uuid_probes' AND column_name = 'id'`,
          );
    expect(column).toMatchObject(expected);
  });

  it('round-trips every id through query() unchanged: a lowercase string', async () => {
    const back = await idsOf('raw');
    expect(back).toHaveLength(generated.length);
    expect(back.every((id) => typeof id === 'string' && isUuidV7(id))).toBe(true);
    expect([...(back as string[])].sort()).toEqual([...generated].sort());
  });

  it("the database's ORDER BY id equals the generation (= string = byte) order", async () => {
    expect(await idsOf('raw')).toEqual(generated);
  });

  it('the database compares ids like the bytes (equality and range predicates)', async () => {
    const pivot = generated[1234];
    expect(await idsOf('raw', 'AND id = :pivot', { pivot })).toEqual([pivot]);
    expect(await idsOf('raw', 'AND id > :pivot', { pivot })).toEqual(generated.slice(1235));
    expect(await idsOf('raw', 'AND id <= :pivot', { pivot })).toEqual(generated.slice(0, 1235));
  });

  it("v1 ids sort by bytes too, except in MariaDB's native UUID, which reverses their groups (why only v7 is promised)", async () => {
    await insertRaw('v1', V1);
    const bytes = [...V1].sort(byByteOrder);
    const swapped = [...V1].sort((a, b) => byStringOrder(mariadbV1Key(a), mariadbV1Key(b)));
    expect(swapped).not.toEqual(bytes); // the sample tells the two orders apart
    expect(await idsOf('v1')).toEqual(db().target.name === 'mariadb' ? swapped : bytes);
  });

  describe('through a UuidV7Entity repository', () => {
    it('generates a UUIDv7 id on save when absent and reads it back unchanged', async () => {
      const saved = await probes().save(probes().create({ seq: 1, batch: 'entity' }));
      expect(isUuidV7(saved.id)).toBe(true);
      const loaded = await probes().findOneByOrFail({ id: saved.id });
      expect(loaded.id).toBe(saved.id);
      const [row] = await query<{ id: unknown }>('SELECT id FROM uuid_probes WHERE id = :id', { id: saved.id });
      expect(row.id).toBe(saved.id);
    });

    it('keeps a valid UUIDv7 given by the caller, and finds rows in id order', async () => {
      const ids = generateIds().slice(0, 1000).filter((_, i) => i % 20 === 0);
      for (const [i, id] of shuffled(ids).entries()) {
        const saved = await probes().save(probes().create({ id, seq: i, batch: 'given' }));
        expect(saved.id).toBe(id);
      }
      const found = await probes().find({ where: { batch: 'given' }, order: { id: 'ASC' } });
      expect(found.map((p) => p.id)).toEqual(ids);
    });

    it.each([
      ['a v4', '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'],
      ['an uppercase v7 (CHAR(36) ascii_bin would store it as a different key)', '0190A6A4-8C1E-7B3A-9F2D-4C5E6F708192'],
    ])('refuses %s as id (ENTITY_INVALID), nothing written', async (_label, id) => {
      await expect(probes().save(probes().create({ id, seq: 0, batch: 'refused' }))).rejects.toBeInstanceOf(EntityValidationError);
      expect(await idsOf('refused')).toEqual([]);
    });
  });
});
