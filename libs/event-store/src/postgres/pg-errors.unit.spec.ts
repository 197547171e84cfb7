import { DatabaseError } from 'pg';
import { refusedWhole } from './pg-errors';

const databaseError = (code: string) => Object.assign(new DatabaseError('refused', 0, 'error'), { code });

describe('which failures of an append certainly wrote nothing', () => {
  it.each(['KM001', '23505', '22P02', '42601', '54000', '40001', '40P01', '55P03', '57014'])(
    'a statement refused with %s',
    (code) => expect(refusedWhole(databaseError(code))).toBe(true),
  );

  it.each(['57P01', '08006', '58030', 'XX000', '25P04', '40003', '53300'])(
    'not a session that ended or a failure that may follow the commit (%s)',
    (code) => expect(refusedWhole(databaseError(code))).toBe(false),
  );

  it('not an error the server never answered with', () => {
    expect(refusedWhole(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
