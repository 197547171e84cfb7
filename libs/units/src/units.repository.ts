import { Inject, Injectable } from '@nestjs/common';
import { DatabaseError, type Pool } from 'pg';
import { PG_POOL } from '@kemitraan/postgres';
import { UnitAlreadyExists, type Unit } from './unit';

const COLUMNS = 'code, name, kind, kanwil, province';

@Injectable()
export class UnitsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(): Promise<Unit[]> {
    return (await this.pool.query<Unit>(`select ${COLUMNS} from units order by code`)).rows;
  }

  async findMany(codes: readonly string[]): Promise<Unit[]> {
    return (await this.pool.query<Unit>(`select ${COLUMNS} from units where code = any($1)`, [codes])).rows;
  }

  async insert(unit: Unit, registeredBy: string): Promise<void> {
    try {
      await this.pool.query(
        'insert into units (code, name, kind, kanwil, province, registered_by) values ($1, $2, $3, $4, $5, $6)',
        [unit.code, unit.name, unit.kind, unit.kanwil, unit.province, registeredBy],
      );
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') throw new UnitAlreadyExists(unit.code);
      throw error;
    }
  }
}
