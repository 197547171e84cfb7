import { ACTORS, commandOf, given, historyOf, type ActorKey } from '@kemitraan/testing';
import type { LifecycleCommandName } from './agreement.commands';
import { CommandNotAllowed } from './agreement.errors';
import type { Agreement } from './agreement.state';
import { EVENT_OUTCOME } from './agreement.evolve';
import { LIFECYCLE_STATES, type LifecycleState } from './lifecycle.states';
import { allowedCommandsFor, lifecycleTransitions } from './lifecycle';
import { decide } from './agreement.decider';
import { fold } from '@kemitraan/testing';

type Step = [ActorKey, LifecycleCommandName | 'proposal', Record<string, unknown>];

/** A valid command of each kind, issued by someone allowed to issue it on a Maros agreement. */
const VALID: Record<LifecycleCommandName, Step> = {
  audiensi: [
    'kalapasMaros',
    'audiensi',
    {
      heldOn: '2025-08-04',
      place: 'Kantor Bupati Maros',
      attendees: [{ name: 'Ali Imran', role: 'Kalapas', organization: 'Lapas Maros' }],
      summary: 'Audiensi',
    },
  ],
  drafts: [
    'operatorMaros',
    'drafts',
    {
      document: { title: 'Draf MoU', sha256: 'e'.repeat(64) },
      terms: { durationMonths: 12, obligations: [{ party: 'Pemkab Maros', description: 'Pelatihan' }] },
    },
  ],
  approvals: ['kalapasMaros', 'approvals', { draftVersion: 1, step: 'UPT_HEAD', decision: 'APPROVE' }],
  signing: [
    'kakanwilSulsel',
    'signing',
    {
      signedOn: '2025-09-01',
      place: 'Makassar',
      documentNumber: 'MOU/1',
      signatories: [
        { name: 'Ali Imran', title: 'Kalapas', party: 'Lapas Maros' },
        { name: 'Chaidir Syam', title: 'Bupati', party: 'Pemkab Maros' },
      ],
      effectiveFrom: '2025-09-01',
      effectiveUntil: '2027-08-31',
    },
  ],
  execution: ['kalapasMaros', 'execution', { startedOn: '2025-09-02' }],
  activities: [
    'operatorMaros',
    'activities',
    { date: '2025-09-10', kind: 'TRAINING', title: 'Pelatihan', participants: 20 },
  ],
  reviews: [
    'kalapasMaros',
    'reviews',
    { reviewedOn: '2026-03-01', period: '2025-H2', score: 4, findings: 'Baik', recommendation: 'CONTINUE' },
  ],
  continuation: ['kalapasMaros', 'continuation', {}],
  amendment: ['operatorMaros', 'amendment', { reason: 'Addendum' }],
  closure: ['kakanwilSulsel', 'closure', { reason: 'Selesai' }],
  renewal: ['kalapasMaros', 'renewal', {}],
  withdrawal: ['operatorMaros', 'withdrawal', { reason: 'Batal' }],
  termination: ['kalapasMaros', 'termination', { reason: 'Pelanggaran' }],
};

const PROPOSAL: Step = [
  'operatorMaros',
  'proposal',
  {
    title: 'MoU Maros',
    kind: 'MOU',
    units: ['LAPAS-MAROS'],
    partners: [{ name: 'Pemkab Maros', type: 'LOCAL_GOVERNMENT' }],
    scope: ['Pelatihan'],
    programs: ['PELATIHAN_KERJA'],
  },
];

const approve = (as: ActorKey, step: string): Step => [as, 'approvals', { draftVersion: 1, step, decision: 'APPROVE' }];

/** The shortest story that leaves an agreement in each state; drafted lacks only the UPT head's approval. */
const PATH: Record<LifecycleState, Step[]> = {
  proposed: [PROPOSAL],
  audiensiHeld: [PROPOSAL, VALID.audiensi],
  drafted: [
    PROPOSAL,
    VALID.audiensi,
    VALID.drafts,
    approve('legalSulsel', 'LEGAL'),
    approve('kakanwilSulsel', 'KANWIL_HEAD'),
  ],
  signed: [],
  inExecution: [],
  reviewed: [],
  closed: [],
  withdrawn: [PROPOSAL, VALID.withdrawal],
  terminated: [],
};
PATH.signed = [...PATH.drafted, VALID.approvals, VALID.signing];
PATH.inExecution = [...PATH.signed, VALID.execution];
PATH.reviewed = [...PATH.inExecution, VALID.reviews];
PATH.closed = [...PATH.reviewed, VALID.closure];
PATH.terminated = [...PATH.signed, VALID.termination];

const historyTo = (state: LifecycleState, extra: Step[] = []) =>
  historyOf([...PATH[state], ...extra].map(([as, type, body]) => commandOf(type, body, ACTORS[as])));

const commandFor = (name: LifecycleCommandName) => {
  const [as, type, body] = VALID[name];
  return commandOf(type, body, ACTORS[as]);
};

const COMMANDS = Object.keys(VALID) as LifecycleCommandName[];
const CASES = LIFECYCLE_STATES.flatMap((state) => COMMANDS.map((command) => [state, command] as const));

describe('decide, for every command in every state', () => {
  it.each(LIFECYCLE_STATES)('reaches %s by its canonical story', (state) => {
    expect(fold(historyTo(state)).status).toBe(state);
  });

  describe.each(CASES)('in %s, %s', (state, name) => {
    const transition = lifecycleTransitions().find((t) => t.from === state && t.command === name);

    if (!transition) {
      it('is refused with the current state and the commands it allows, and records nothing', () => {
        given(historyTo(state))
          .when(commandFor(name))
          .thenRefused(CommandNotAllowed, {
            state,
            command: name,
            allowed: allowedCommandsFor(fold(historyTo(state)) as Agreement),
          });
      });
      return;
    }

    it(`records one fact that leads to ${transition.to}`, () => {
      const extra: Step[] = state === 'drafted' && name === 'signing' ? [VALID.approvals] : [];
      // Terminated from drafted only under an addendum: the agreement was signed and is in force.
      const history =
        state === 'drafted' && name === 'termination'
          ? historyTo('reviewed', [VALID.amendment])
          : historyTo(state, extra);
      const events = decide(commandFor(name), fold(history));
      expect(events).toHaveLength(1);
      expect(EVENT_OUTCOME[events[0]!.type]).toBe(transition.to);
    });
  });
});
