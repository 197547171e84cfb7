import { ACTORS, commandOf, fold, given, historyOf, type ActorKey } from '@kemitraan/testing';
import type { AgreementCommand, AgreementCommandName } from './agreement.commands';
import { decide } from './agreement.decider';
import { BusinessDateOutOfOrder } from './agreement.errors';
import type { Agreement } from './agreement.state';
import { latestIndonesianDay } from './business-dates';
import { rulesOf, TODAYS_RULES } from './rule-book';

const as = (actor: ActorKey, type: AgreementCommandName, body: Record<string, unknown>): AgreementCommand =>
  commandOf(type, body, ACTORS[actor]);
/** The same command, decided at another instant. */
const at = (now: string, command: AgreementCommand): AgreementCommand =>
  ({ ...command, metadata: { ...command.metadata, now } }) as AgreementCommand;

const audiensi = (heldOn: string) =>
  as('kalapasMaros', 'audiensi', {
    heldOn,
    place: 'Maros',
    attendees: [{ name: 'Ali Imran', role: 'Kalapas', organization: 'Lapas Maros' }],
    summary: 'Audiensi',
  });
const signing = (signedOn: string) =>
  as('kalapasMaros', 'signing', {
    signedOn,
    place: 'Maros',
    documentNumber: 'PKS/1',
    signatories: [
      { name: 'A', title: 'Kalapas', party: 'Lapas' },
      { name: 'B', title: 'Bupati', party: 'Pemkab' },
    ],
    effectiveFrom: '2025-09-01',
    effectiveUntil: '2027-08-31',
  });
const execution = (startedOn: string) => as('kalapasMaros', 'execution', { startedOn });
const activityOn = (date: string) => ({ date, kind: 'TRAINING' as const, title: 'Pelatihan', participants: 10 });
const activity = (date: string) => as('operatorMaros', 'activities', activityOn(date));
const review = (reviewedOn: string, recommendation = 'CONTINUE') =>
  as('kalapasMaros', 'reviews', { reviewedOn, period: '2025-H2', score: 4, findings: 'Baik', recommendation });

const drafted = () => [
  as('operatorMaros', 'proposal', {
    title: 'PKS Maros',
    kind: 'PKS',
    units: ['LAPAS-MAROS'],
    partners: [{ name: 'Pemkab Maros', type: 'LOCAL_GOVERNMENT' }],
    scope: ['Pelatihan'],
    programs: ['PELATIHAN_KERJA'],
  }),
  audiensi('2025-08-04'),
  as('operatorMaros', 'drafts', {
    document: { title: 'Draf', sha256: '1'.repeat(64) },
    terms: { durationMonths: 24, obligations: [] },
  }),
  as('kalapasMaros', 'approvals', { draftVersion: 1, step: 'UPT_HEAD', decision: 'APPROVE' }),
  as('legalSulsel', 'approvals', { draftVersion: 1, step: 'LEGAL', decision: 'APPROVE' }),
];
const signed = () => [...drafted(), signing('2025-09-01')];
const running = () => [...signed(), execution('2025-09-10')];

const refused = (field: string, message: string) => ({ field, message, code: 'date-out-of-order' });

describe('the days a command names', () => {
  it('may be any day up to today anywhere in Indonesia: its eastern day begins at 15:00 UTC', () => {
    expect(latestIndonesianDay('2026-03-01T14:59:59.999Z')).toBe('2026-03-01');
    expect(latestIndonesianDay('2026-03-01T15:00:00.000Z')).toBe('2026-03-02');
    given(historyOf(running()))
      .when(at('2026-03-01T15:00:00.000Z', activity('2026-03-02')))
      .then([{ type: 'ActivityRecorded', data: activityOn('2026-03-02') }]);
    given(historyOf(running()))
      .when(at('2026-03-01T14:59:59.999Z', activity('2026-03-02')))
      .thenRefused(BusinessDateOutOfOrder, refused('date', 'date 2026-03-02 is after today (2026-03-01).'));
  });

  it.each([
    ['an audiensi', drafted().slice(0, 1), audiensi('2099-05-05'), 'heldOn'],
    ['a signing', drafted(), signing('2099-01-01'), 'signedOn'],
    ['an execution', signed(), execution('2099-01-01'), 'startedOn'],
    ['an activity', running(), activity('2099-01-01'), 'date'],
    ['a review', running(), review('2099-01-01'), 'reviewedOn'],
  ])('refuse %s dated after today', (_what, story, command, field) => {
    given(historyOf(story)).when(command).thenRefused(BusinessDateOutOfOrder, { field, code: 'date-out-of-order' });
  });

  it('refuse a signing before the last audiensi, and take one on its day', () => {
    given(historyOf(drafted()))
      .when(signing('2025-08-03'))
      .thenRefused(
        BusinessDateOutOfOrder,
        refused('signedOn', 'signedOn 2025-08-03 is before 2025-08-04, when the last audiensi was held.'),
      );
    expect(decide(signing('2025-08-04'), fold(historyOf(drafted())))[0]!.type).toBe('AgreementSigned');
  });

  it('refuse an execution started before the signing', () => {
    given(historyOf(signed()))
      .when(execution('2025-08-31'))
      .thenRefused(
        BusinessDateOutOfOrder,
        refused('startedOn', 'startedOn 2025-08-31 is before 2025-09-01, when the agreement was signed.'),
      );
  });

  it('refuse an activity or a review before the execution started', () => {
    const why = 'is before 2025-09-10, when execution started.';
    given(historyOf(running()))
      .when(activity('2025-09-09'))
      .thenRefused(BusinessDateOutOfOrder, refused('date', `date 2025-09-09 ${why}`));
    given(historyOf(running()))
      .when(review('2025-09-09'))
      .thenRefused(BusinessDateOutOfOrder, refused('reviewedOn', `reviewedOn 2025-09-09 ${why}`));
  });

  describe('under an addendum', () => {
    const addendum = () => [
      ...running(),
      review('2026-01-10', 'AMEND'),
      as('operatorMaros', 'amendment', { reason: 'Addendum' }),
      as('operatorMaros', 'drafts', {
        document: { title: 'Addendum', sha256: '2'.repeat(64) },
        terms: { durationMonths: 24, obligations: [] },
      }),
      as('kalapasMaros', 'approvals', { draftVersion: 2, step: 'UPT_HEAD', decision: 'APPROVE' }),
      as('legalSulsel', 'approvals', { draftVersion: 2, step: 'LEGAL', decision: 'APPROVE' }),
    ];

    it('refuse its signing before the signing it amends', () => {
      given(historyOf(addendum()))
        .when(signing('2025-08-31'))
        .thenRefused(
          BusinessDateOutOfOrder,
          refused('signedOn', 'signedOn 2025-08-31 is before 2025-09-01, when the signing it amends.'),
        );
    });

    it('take an activity late, dated after the first start of execution, once execution starts again', () => {
      const restarted = historyOf([...addendum(), signing('2026-02-01'), execution('2026-02-05')]);
      expect((fold(restarted) as Agreement).execution).toEqual({
        startedOn: '2026-02-05',
        firstStartedOn: '2025-09-10',
      });
      given(restarted)
        .when(activity('2025-12-01'))
        .then([{ type: 'ActivityRecorded', data: activityOn('2025-12-01') }]);
      given(restarted).when(activity('2025-09-09')).thenRefused(BusinessDateOutOfOrder, { field: 'date' });
    });
  });

  it('are judged so from agreement@3 on: facts decided by an older machine version were not', () => {
    const early = execution('2025-08-31');
    const state = fold(historyOf(signed()));
    expect(rulesOf('agreement@3')).toBe(TODAYS_RULES);
    expect(rulesOf('agreement@4')).toBe(TODAYS_RULES);
    expect(rulesOf('constructor')).toBe(TODAYS_RULES);
    expect(decide(early, state, rulesOf('agreement@2'))[0]!.type).toBe('ExecutionStarted');
    expect(decide(early, state, rulesOf('agreement@1'))[0]!.type).toBe('ExecutionStarted');
    expect(() => decide(early, state, rulesOf('agreement@3'))).toThrow(BusinessDateOutOfOrder);
  });
});
