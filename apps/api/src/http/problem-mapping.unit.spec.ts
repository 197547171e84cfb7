import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import {
  ActionForbidden,
  AgreementNotFound,
  AlreadySigned,
  NeverSigned,
  NoDraftAwaitingSigning,
  ApprovalNotAdmissible,
  ApprovalsMissing,
  CommandNotAllowed,
  IdempotencyKeyReused,
  PreconditionFailed,
  WritersContending,
} from '@kemitraan/agreements';
import { EventStoreUnavailable } from '@kemitraan/event-store';
import { UnitAlreadyExists, UnitNotFound, UnitRejected } from '@kemitraan/units';
import { toProblem } from './problem-mapping';

const refused = (error: unknown) => toProblem(error).problem;

describe('errors as problem details', () => {
  it.each<[string, Error, number, Record<string, unknown>]>([
    [
      'a command the state does not allow',
      new CommandNotAllowed('signing', 'proposed', ['audiensi', 'withdrawal']),
      409,
      { state: 'proposed', allowed: ['audiensi', 'withdrawal'] },
    ],
    ['signing before its approvals', new ApprovalsMissing(['LEGAL']), 409, { missing: ['LEGAL'] }],
    [
      'signing again a draft signed before an amendment',
      new NoDraftAwaitingSigning(1),
      409,
      { type: '/problems/no-draft-awaiting-signing', currentDraftVersion: 1 },
    ],
    [
      'a stale approval',
      new ApprovalNotAdmissible('not-current-draft-version', 'stale', 2),
      409,
      { reason: 'not-current-draft-version' },
    ],
    ['withdrawing a signed agreement', new AlreadySigned('2025-07-23'), 409, { signedOn: '2025-07-23' }],
    ['terminating an agreement never signed', new NeverSigned(), 409, { type: '/problems/never-signed' }],
    ['an actor out of scope', new ActionForbidden('scope', 'no'), 403, { reason: 'scope' }],
    ['an unknown agreement', new AgreementNotFound('x'), 404, {}],
    ['an unknown unit', new UnitNotFound(['LAPAS-X']), 404, { units: ['LAPAS-X'] }],
    ['a unit registered twice', new UnitAlreadyExists('LAPAS-X'), 409, {}],
    [
      'a unit that cannot stand',
      new UnitRejected('kanwil', 'no'),
      400,
      { errors: [{ field: 'kanwil', message: 'no' }] },
    ],
    ['a stale If-Match', new PreconditionFailed(3, 5), 412, { currentVersion: 5 }],
    ['a reused Idempotency-Key', new IdempotencyKeyReused('k'), 422, {}],
    ['writers that never let a command through', new WritersContending('x'), 503, {}],
    [
      'a database that cannot be reached',
      new EventStoreUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      503,
      {},
    ],
    ['a route that does not exist', new NotFoundException('Cannot GET /x'), 404, {}],
    ['a body over the limit', new PayloadTooLargeException('too large'), 413, { title: 'Payload Too Large' }],
  ])('maps %s', (_what, error, status, extensions) => {
    expect(refused(error)).toMatchObject({
      status,
      type: expect.stringMatching(/^\/problems\//),
      detail: expect.any(String),
      ...extensions,
    });
  });

  it('says nothing was written only when the database was never reached', () => {
    const refusedConnection = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(refused(new EventStoreUnavailable(refusedConnection)).detail).toMatch(/nothing was written/);
    expect(refused(new EventStoreUnavailable(new Error('Connection terminated unexpectedly'))).detail).toMatch(
      /may or may not/,
    );
  });

  it('tells a read only to try again, since a read records nothing', () => {
    for (const cause of [new Error('Query read timeout'), new Error('timeout exceeded when trying to connect')]) {
      const { detail } = toProblem(new EventStoreUnavailable(cause), { read: true }).problem;
      expect(detail).toBe('The database is unavailable or stopped answering. Try again shortly.');
    }
  });

  it('asks to retry soon when unavailable', () => {
    expect(toProblem(new WritersContending('x')).headers).toEqual({ 'Retry-After': '1' });
  });

  it('shows nothing of an unexpected error', () => {
    const problem = refused(new TypeError('secret internals at /srv/app.js:12'));
    expect(problem).toEqual({
      type: '/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.any(String),
    });
    expect(problem.detail).not.toContain('secret');
  });
});
