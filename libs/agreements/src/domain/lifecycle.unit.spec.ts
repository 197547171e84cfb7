import { LIFECYCLE_VERSION } from './agreement.machine';
import { LIFECYCLE_STATES } from './lifecycle.states';
import { EVENT_OUTCOME } from './agreement.evolve';
import { allowedCommands, isFinal, lifecycleTransitions } from './lifecycle';
import { lifecycleMermaid } from './lifecycle.diagram';

/** PRODUCT.md's lifecycle, written out by hand: the machine must say exactly this. */
const PRODUCT_LIFECYCLE = [
  ['proposed', 'audiensi', 'audiensiHeld'],
  ['proposed', 'withdrawal', 'withdrawn'],
  ['audiensiHeld', 'audiensi', 'audiensiHeld'],
  ['audiensiHeld', 'drafts', 'drafted'],
  ['audiensiHeld', 'withdrawal', 'withdrawn'],
  ['drafted', 'drafts', 'drafted'],
  ['drafted', 'approvals', 'drafted'],
  ['drafted', 'signing', 'signed'],
  ['drafted', 'withdrawal', 'withdrawn'],
  ['signed', 'execution', 'inExecution'],
  ['signed', 'termination', 'terminated'],
  ['inExecution', 'activities', 'inExecution'],
  ['inExecution', 'reviews', 'reviewed'],
  ['inExecution', 'termination', 'terminated'],
  ['reviewed', 'continuation', 'inExecution'],
  ['reviewed', 'amendment', 'drafted'],
  ['reviewed', 'closure', 'closed'],
  ['reviewed', 'renewal', 'closed'],
  ['reviewed', 'termination', 'terminated'],
] as const;

/**
 * Beyond PRODUCT.md's diagram: an agreement back in drafted for an addendum was signed and is in
 * force, and PRODUCT.md terminates every agreement in force (signed, inExecution, reviewed).
 * Without it an abandoned addendum would leave the agreement with no way to end.
 */
const ADDENDUM_TERMINATION = ['drafted', 'termination', 'terminated'] as const;
const LIFECYCLE = [...PRODUCT_LIFECYCLE, ADDENDUM_TERMINATION];

/** The event each command records when it succeeds. */
const COMMAND_FACT = {
  audiensi: 'AudiensiHeld',
  drafts: 'DraftSubmitted',
  approvals: 'DraftApproved',
  signing: 'AgreementSigned',
  execution: 'ExecutionStarted',
  activities: 'ActivityRecorded',
  reviews: 'AgreementReviewed',
  continuation: 'ExecutionContinued',
  amendment: 'AmendmentStarted',
  closure: 'AgreementClosed',
  renewal: 'AgreementRenewed',
  withdrawal: 'AgreementWithdrawn',
  termination: 'AgreementTerminated',
} as const;

describe('the agreement lifecycle machine', () => {
  it('has the six stages of PRODUCT.md and the three ways out', () => {
    expect([...LIFECYCLE_STATES].sort()).toEqual(
      [
        'proposed',
        'audiensiHeld',
        'drafted',
        'signed',
        'inExecution',
        'reviewed',
        'closed',
        'withdrawn',
        'terminated',
      ].sort(),
    );
    expect(LIFECYCLE_STATES.filter(isFinal).sort()).toEqual(['closed', 'terminated', 'withdrawn']);
  });

  it('allows exactly the transitions PRODUCT.md lists, and termination while an addendum is drafted', () => {
    const actual = lifecycleTransitions().map((t) => [t.from, t.command, t.to]);
    expect(actual).toHaveLength(LIFECYCLE.length);
    expect(actual).toEqual(expect.arrayContaining(LIFECYCLE.map((t) => [...t])));
  });

  it('guards signing with complete approvals, approvals with their admissibility, and in drafted withdrawal with never signed, termination with signed before', () => {
    const guarded = lifecycleTransitions().filter((t) => t.guard);
    expect(guarded.map((t) => [t.from, t.command, t.guard])).toEqual([
      ['drafted', 'approvals', 'approvalAdmissible'],
      ['drafted', 'signing', 'approvalsComplete'],
      ['drafted', 'withdrawal', 'neverSigned'],
      ['drafted', 'termination', 'signedBefore'],
    ]);
  });

  it.each(lifecycleTransitions().map((t) => [t.from, t.command, t.to] as const))(
    'records a fact that leads from %s by %s to %s',
    (_from, command, to) => {
      expect(EVENT_OUTCOME[COMMAND_FACT[command]]).toBe(to);
    },
  );

  it('accepts nothing once closed, withdrawn or terminated', () => {
    for (const state of ['closed', 'withdrawn', 'terminated'] as const) expect(allowedCommands(state)).toEqual([]);
  });

  it('names its version, recorded with every event', () => {
    expect(LIFECYCLE_VERSION).toBe('agreement@3');
  });

  it('draws itself as a Mermaid state diagram', () => {
    const diagram = lifecycleMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(diagram).toContain('[*] --> proposed : proposal');
    expect(diagram).toContain('drafted --> signed : signing [approvalsComplete]');
    expect(diagram).toContain('reviewed --> drafted : amendment');
    expect(diagram).toContain('terminated --> [*]');
    expect(diagram.trim().split('\n')).toHaveLength(1 + 1 + LIFECYCLE.length + 3);
  });
});
