import { Inject, Injectable } from '@nestjs/common';
import { DatabaseError, type Pool } from 'pg';
import { COMMAND_ANSWER_MS, PG_POOL, unansweredWithin } from '@kemitraan/postgres';
import { UnitAlreadyExists, type Unit } from './unit';

const COLUMNS = 'code, name, kind, kanwil, province';

/** Who registers, and the Idempotency-Key (with its request's fingerprint) the answer is kept under. */
export interface Registration {
  readonly by: string;
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
}

/** The unit and its idempotency record go in with one statement: both, or neither. */
const INSERT = `
  with registered as (
    insert into units (code, name, kind, kanwil, province, registered_by) values ($1, $2, $3, $4, $5, $6)
    returning code
  ), remembered as (
    insert into idempotency_keys (scope, key, fingerprint, result)
    select $6, $7, $8, $9::jsonb where $7::text is not null
  )
  select code from registered`;

export class UnitKeyTaken extends Error {}

/** Each statement here is bounded as a command's are: the units are read by every proposal. */
const bounded = (text: string, values: unknown[] = []) => unansweredWithin({ text, values }, COMMAND_ANSWER_MS);

@Injectable()
export class UnitsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(): Promise<Unit[]> {
    return (await this.pool.query<Unit>(bounded(`select ${COLUMNS} from units order by code`))).rows;
  }

  async findMany(codes: readonly string[]): Promise<Unit[]> {
    return (await this.pool.query<Unit>(bounded(`select ${COLUMNS} from units where code = any($1)`, [codes]))).rows;
  }

  async findRegistration(by: string, key: string): Promise<{ fingerprint: string; result: Unit } | null> {
    const sql = 'select fingerprint, result from idempotency_keys where scope = $1 and key = $2';
    return (await this.pool.query<{ fingerprint: string; result: Unit }>(bounded(sql, [by, key]))).rows[0] ?? null;
  }

  async insert(unit: Unit, { by, idempotency }: Registration): Promise<void> {
    const { code, name, kind, kanwil, province } = unit;
    const record = idempotency ? [idempotency.key, idempotency.fingerprint, JSON.stringify(unit)] : [null, null, null];
    try {
      await this.pool.query(bounded(INSERT, [code, name, kind, kanwil, province, by, ...record]));
    } catch (error) {
      if (error instanceof DatabaseError && error.constraint === 'units_pkey') throw new UnitAlreadyExists(code);
      if (error instanceof DatabaseError && error.constraint === 'idempotency_keys_pkey') throw new UnitKeyTaken();
      throw error;
    }
  }
}
