import { ACTORS, commandOf, fold, given, historyOf, type ActorKey } from '@kemitraan/testing';
import type { AgreementCommand, AgreementCommandName } from './agreement.commands';
import { decide } from './agreement.decider';
import { BusinessDateInTheFuture } from './agreement.errors';
import { latestIndonesianDay } from './business-dates';
import { machineVersionRank, rulesAtRank, rulesOf, TODAYS_RULES } from './rule-book';

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
const review = (reviewedOn: string) =>
  as('kalapasMaros', 'reviews', {
    reviewedOn,
    period: '2025-H2',
    score: 4,
    findings: 'Baik',
    recommendation: 'CONTINUE',
  });

const proposed = () => [
  as('operatorMaros', 'proposal', {
    title: 'PKS Maros',
    kind: 'PKS',
    units: ['LAPAS-MAROS'],
    partners: [{ name: 'Pemkab Maros', type: 'LOCAL_GOVERNMENT' }],
    scope: ['Pelatihan'],
    programs: ['PELATIHAN_KERJA'],
  }),
];
const drafted = () => [
  ...proposed(),
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

describe('the day a command says something happened on', () => {
  it('may be today anywhere in Indonesia: its eastern day begins at 15:00 UTC', () => {
    expect(latestIndonesianDay('2026-03-01T14:59:59.999Z')).toBe('2026-03-01');
    expect(latestIndonesianDay('2026-03-01T15:00:00.000Z')).toBe('2026-03-02');
    given(historyOf(running()))
      .when(at('2026-03-01T15:00:00.000Z', activity('2026-03-02')))
      .then([{ type: 'ActivityRecorded', data: activityOn('2026-03-02') }]);
    given(historyOf(running()))
      .when(at('2026-03-01T14:59:59.999Z', activity('2026-03-02')))
      .thenRefused(BusinessDateInTheFuture, {
        field: 'date',
        code: 'date-in-the-future',
        message: 'date 2026-03-02 is after today (2026-03-01).',
      });
  });

  it.each([
    ['an audiensi', proposed(), audiensi('2099-05-05'), 'heldOn'],
    ['a signing', drafted(), signing('2099-01-01'), 'signedOn'],
    ['an execution', signed(), execution('2099-01-01'), 'startedOn'],
    ['an activity', running(), activity('2099-01-01'), 'date'],
    ['a review', running(), review('2099-01-01'), 'reviewedOn'],
  ])('may not be after today, for %s', (_what, story, command, field) => {
    given(historyOf(story)).when(command).thenRefused(BusinessDateInTheFuture, { field, code: 'date-in-the-future' });
  });

  it('may be any earlier day, in whatever order the story tells it: a typo of an earlier day locks nothing out', () => {
    // Signed before its audiensi, started before its signing, an activity before the start: the
    // history shows each as recorded; none can be corrected, so none blocks the next.
    const story = historyOf([...drafted(), signing('2025-08-01'), execution('2025-07-01')]);
    given(story)
      .when(activity('2019-01-01'))
      .then([{ type: 'ActivityRecorded', data: activityOn('2019-01-01') }]);
  });

  it('is held to it from agreement@3 on: facts an older machine version decided were not', () => {
    const late = execution('2099-01-01');
    const state = fold(historyOf(signed()));
    expect(decide(late, state, rulesOf('agreement@2'))[0]!.type).toBe('ExecutionStarted');
    expect(decide(late, state, rulesOf('agreement@1'))[0]!.type).toBe('ExecutionStarted');
    expect(() => decide(late, state, rulesOf('agreement@3'))).toThrow(BusinessDateInTheFuture);
    expect(() => decide(late, state)).toThrow(BusinessDateInTheFuture);
  });

  it("is judged by today's rules under a machine version this code does not know, newer or forged", () => {
    for (const version of ['agreement@4', 'constructor', '__proto__', '']) expect(rulesOf(version)).toBe(TODAYS_RULES);
    expect(machineVersionRank('agreement@1')).toBeLessThan(machineVersionRank('agreement@2'));
    expect(machineVersionRank('agreement@2')).toBeLessThan(machineVersionRank('agreement@3'));
    expect(machineVersionRank('agreement@3')).toBeLessThan(machineVersionRank('agreement@4'));
    expect(rulesAtRank(machineVersionRank('agreement@4'))).toBe(TODAYS_RULES);
  });
});
