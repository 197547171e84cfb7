import { DatabaseError } from 'pg';
import { refusedForItsContent, refusedMember, refusedWhole, type RefusableAppend } from './pg-errors';
import { EMPTY_STREAM } from '../event-store.port';

const databaseError = (code: string, fields: Partial<DatabaseError> = {}) =>
  Object.assign(new DatabaseError(fields.message ?? 'refused', 0, 'error'), { code, severity: 'ERROR', ...fields });

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

describe('which member of a group PostgreSQL refused it for', () => {
  const member = (streamId: string, key?: string): RefusableAppend => ({
    appends: [{ streamId, expected: EMPTY_STREAM, events: [] }],
    ...(key && { idempotency: { scope: 'op-maros-01', key, fingerprint: 'f', result: {} } }),
  });
  const group = [member('agreement-1'), member('agreement-12', 'k-1'), member('agreement-123', 'k-12')];

  it('the stream the chain trigger names, not one whose id begins the same', () => {
    const error = databaseError('KM001', {
      message: 'event 7 of stream agreement-12 does not follow the last event of its stream',
    });
    expect(refusedMember(error, group)).toBe(1);
  });

  it('the stream and version a unique violation names', () => {
    const error = databaseError('23505', {
      constraint: 'events_stream_version_unique',
      detail: 'Key (stream_id, version)=(agreement-1, 4) already exists.',
    });
    expect(refusedMember(error, group)).toBe(0);
  });

  it('the idempotency key a unique violation names, in its scope', () => {
    const error = databaseError('23505', {
      constraint: 'idempotency_keys_pkey',
      detail: 'Key (scope, key)=(op-maros-01, k-12) already exists.',
    });
    expect(refusedMember(error, group)).toBe(2);
    const otherScope = databaseError('23505', {
      constraint: 'idempotency_keys_pkey',
      detail: 'Key (scope, key)=(op-gowa-02, k-12) already exists.',
    });
    expect(refusedMember(otherScope, group)).toBe(-1);
  });

  it('none when the refusal names no single member: a deadlock, or a stream outside the group', () => {
    expect(refusedMember(databaseError('40P01'), group)).toBe(-1);
    const outside = databaseError('KM001', { message: 'event 2 of stream agreement-9 does not follow' });
    expect(refusedMember(outside, group)).toBe(-1);
    expect(refusedMember(new Error('Connection terminated unexpectedly'), group)).toBe(-1);
  });
});

describe("after which refusals an append's connection is kept", () => {
  it.each(['KM001', '23505', '22P02', '40001', '40P01'])('a statement refused for what it asked (%s)', (code) =>
    expect(refusedForItsContent(databaseError(code))).toBe(true),
  );

  it.each(['57P01', '25006', '42P01', '0A000', '57014', '08006'])(
    "not what may be the connection's own state (%s)",
    (code) => expect(refusedForItsContent(databaseError(code))).toBe(false),
  );

  it('whatever language the server names the severity in', () => {
    expect(refusedForItsContent(databaseError('23505', { severity: 'FEHLER' }))).toBe(true);
  });

  it('not an error the server never answered with', () => {
    expect(refusedForItsContent(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
