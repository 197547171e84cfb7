import { ACTORS, commandOf, fold, given, historyOf, type ActorKey } from '@kemitraan/testing';
import type { Actor } from './actor';
import type { AgreementCommand, AgreementCommandName } from './agreement.commands';
import { decide } from './agreement.decider';
import {
  ActionForbidden,
  AlreadySigned,
  ApprovalNotAdmissible,
  ApprovalsMissing,
  NeverSigned,
  NoDraftAwaitingSigning,
} from './agreement.errors';
import { toSummary } from './agreement.summary';
import type { Agreement } from './agreement.state';
import { missingApprovals } from './approval.rules';

const DRAFTER_AND_HEAD: Actor = {
  sub: 'both-hats',
  name: 'Dual Role',
  roles: ['operator', 'upt_head'],
  unit: 'LAPAS-MAROS',
};

const as = (actor: ActorKey | Actor, type: AgreementCommandName, body: Record<string, unknown>): AgreementCommand =>
  commandOf(type, body, typeof actor === 'string' ? ACTORS[actor] : actor);

const proposal = (kind: 'MOU' | 'PKS') =>
  as('operatorMaros', 'proposal', {
    title: `${kind} Maros`,
    kind,
    units: ['LAPAS-MAROS'],
    partners: [{ name: 'Pemkab Maros', type: 'LOCAL_GOVERNMENT' }],
    scope: ['Pelatihan'],
    programs: ['PELATIHAN_KERJA'],
  });
const audiensi = as('kalapasMaros', 'audiensi', {
  heldOn: '2025-08-04',
  place: 'Maros',
  attendees: [{ name: 'Ali Imran', role: 'Kalapas', organization: 'Lapas Maros' }],
  summary: 'Audiensi',
});
const draft = (by: ActorKey | Actor = 'operatorMaros', n = 1) =>
  as(by, 'drafts', {
    document: { title: `Draf v${n}`, sha256: String(n).repeat(64) },
    terms: { durationMonths: 12, obligations: [{ party: 'Pemkab Maros', description: 'Pelatihan' }] },
  });
const decision = (by: ActorKey | Actor, step: string, verdict: 'APPROVE' | 'DECLINE', draftVersion = 1) =>
  as(by, 'approvals', {
    draftVersion,
    step,
    decision: verdict,
    ...(verdict === 'DECLINE' ? { note: 'Belum sesuai' } : {}),
  });
const signing = (by: ActorKey = 'kalapasMaros') =>
  as(by, 'signing', {
    signedOn: '2025-09-01',
    place: 'Maros',
    documentNumber: 'MOU/9',
    signatories: [
      { name: 'A', title: 'Kalapas', party: 'Lapas' },
      { name: 'B', title: 'Bupati', party: 'Pemkab' },
    ],
    effectiveFrom: '2025-09-01',
    effectiveUntil: '2026-08-31',
  });

const drafted = (kind: 'MOU' | 'PKS' = 'MOU', ...more: AgreementCommand[]) =>
  historyOf([proposal(kind), audiensi, draft(), ...more]);
const missing = (history: ReturnType<typeof historyOf>) => missingApprovals(fold(history) as Agreement);

describe('a drafted agreement never signed', () => {
  it('is withdrawn, not terminated: it was never in force', () => {
    given(drafted('PKS'))
      .when(as('kalapasMaros', 'termination', { reason: 'Pelanggaran' }))
      .thenRefused(NeverSigned, {});
    expect(toSummary(fold(drafted('PKS')) as Agreement).allowed).toEqual([
      'drafts',
      'approvals',
      'signing',
      'withdrawal',
    ]);
  });
});

describe('approvals of a drafted agreement', () => {
  it('an MOU needs the UPT head, legal and the Kanwil head; a PKS needs the UPT head and legal', () => {
    expect(missing(drafted('MOU'))).toEqual(['UPT_HEAD', 'LEGAL', 'KANWIL_HEAD']);
    expect(missing(drafted('PKS'))).toEqual(['UPT_HEAD', 'LEGAL']);
  });

  it('records an approval bound to the draft version it names', () => {
    given(drafted())
      .when(decision('legalSulsel', 'LEGAL', 'APPROVE'))
      .then([{ type: 'DraftApproved', data: { draftVersion: 1, step: 'LEGAL' } }]);
  });

  it('refuses signing with the steps still missing', () => {
    given(drafted('MOU', decision('legalSulsel', 'LEGAL', 'APPROVE')))
      .when(signing())
      .thenRefused(ApprovalsMissing, { missing: ['UPT_HEAD', 'KANWIL_HEAD'] });
  });

  it('signs once every required step approved the current version', () => {
    const history = drafted(
      'PKS',
      decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
      decision('legalSulsel', 'LEGAL', 'APPROVE'),
    );
    expect(decide(signing(), fold(history)).map((e) => e.type)).toEqual(['AgreementSigned']);
  });

  it('voids every approval when a new draft version is submitted', () => {
    const history = drafted(
      'PKS',
      decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
      decision('legalSulsel', 'LEGAL', 'APPROVE'),
      draft('operatorMaros', 2),
    );
    expect(missing(history)).toEqual(['UPT_HEAD', 'LEGAL']);
    given(history)
      .when(signing())
      .thenRefused(ApprovalsMissing, { missing: ['UPT_HEAD', 'LEGAL'] });
  });

  it('refuses an approval of a version that is not the current one', () => {
    given(drafted('MOU', draft('operatorMaros', 2)))
      .when(decision('legalSulsel', 'LEGAL', 'APPROVE', 1))
      .thenRefused(ApprovalNotAdmissible, { reason: 'not-current-draft-version', currentDraftVersion: 2 });
  });

  it('refuses the drafter approving their own version (four eyes)', () => {
    given(historyOf([proposal('MOU'), audiensi, draft(DRAFTER_AND_HEAD)]))
      .when(decision(DRAFTER_AND_HEAD, 'UPT_HEAD', 'APPROVE'))
      .thenRefused(ActionForbidden, { reason: 'four-eyes' });
  });

  it('refuses a step that no role of the user gives', () => {
    given(drafted())
      .when(decision('legalSulsel', 'UPT_HEAD', 'APPROVE'))
      .thenRefused(ActionForbidden, { reason: 'step-role' });
  });

  it('refuses a step the kind does not need', () => {
    given(drafted('PKS'))
      .when(decision('kakanwilSulsel', 'KANWIL_HEAD', 'APPROVE'))
      .thenRefused(ApprovalNotAdmissible, { reason: 'step-not-required' });
  });

  it('refuses approving a step twice on one version', () => {
    given(drafted('MOU', decision('legalSulsel', 'LEGAL', 'APPROVE')))
      .when(decision('legalSulsel', 'LEGAL', 'APPROVE'))
      .thenRefused(ApprovalNotAdmissible, { reason: 'step-already-approved' });
  });

  describe('a declined step', () => {
    const declinedCommands = () => [proposal('PKS'), audiensi, draft(), decision('legalSulsel', 'LEGAL', 'DECLINE')];
    const declined = () => historyOf(declinedCommands());

    it('is recorded with its note', () => {
      given(drafted('PKS'))
        .when(decision('legalSulsel', 'LEGAL', 'DECLINE'))
        .then([{ type: 'DraftDeclined', data: { draftVersion: 1, step: 'LEGAL', note: 'Belum sesuai' } }]);
    });

    it('stays declined: a later approval of that version is refused', () => {
      given(declined())
        .when(decision('legalSulsel', 'LEGAL', 'APPROVE'))
        .thenRefused(ApprovalNotAdmissible, { reason: 'step-declined' });
    });

    it('blocks signing', () => {
      const history = drafted(
        'PKS',
        decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
        decision('legalSulsel', 'LEGAL', 'DECLINE'),
      );
      given(history)
        .when(signing())
        .thenRefused(ApprovalsMissing, { missing: ['LEGAL'] });
    });

    it('withdraws an approval given earlier on the same version', () => {
      const history = drafted(
        'PKS',
        decision('legalSulsel', 'LEGAL', 'APPROVE'),
        decision('legalSulsel', 'LEGAL', 'DECLINE'),
      );
      expect(missing(history)).toEqual(['UPT_HEAD', 'LEGAL']);
    });

    it('takes signing out of what the agreement accepts until a new version, and says so when it is tried', () => {
      const history = drafted(
        'PKS',
        decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
        decision('legalSulsel', 'LEGAL', 'DECLINE'),
      );
      const allowed = ['drafts', 'approvals', 'withdrawal'];
      expect(toSummary(fold(history) as Agreement).allowed).toEqual(allowed);
      given(history)
        .when(signing())
        .thenRefused(ApprovalsMissing, {
          missing: ['LEGAL'],
          declined: ['LEGAL'],
          refusedIn: { state: 'drafted', allowed },
          message: expect.stringContaining('LEGAL declined it: submit a new draft version.'),
        });
      const redrafted = drafted(
        'PKS',
        decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
        decision('legalSulsel', 'LEGAL', 'DECLINE'),
        draft('operatorMaros', 2),
      );
      expect(toSummary(fold(redrafted) as Agreement).allowed).toContain('signing');
    });

    it('is cleared by a new draft version', () => {
      given(historyOf([...declinedCommands(), draft('operatorMaros', 2)]))
        .when(decision('legalSulsel', 'LEGAL', 'APPROVE', 2))
        .then([{ type: 'DraftApproved', data: { draftVersion: 2, step: 'LEGAL' } }]);
    });
  });

  describe('after an amendment (an addendum)', () => {
    const reviewed = (...more: AgreementCommand[]) =>
      historyOf([
        proposal('PKS'),
        audiensi,
        draft(),
        decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'),
        decision('legalSulsel', 'LEGAL', 'APPROVE'),
        signing(),
        as('kalapasMaros', 'execution', { startedOn: '2025-09-02' }),
        as('kalapasMaros', 'reviews', {
          reviewedOn: '2026-03-01',
          period: '2025-H2',
          score: 3,
          findings: 'Perlu addendum',
          recommendation: 'AMEND',
        }),
        as('operatorMaros', 'amendment', { reason: 'Addendum jadwal pelatihan' }),
        ...more,
      ]);

    it('keeps the signed draft and its approvals until the addendum is drafted, and does not sign it again', () => {
      const amended = fold(reviewed()) as Agreement;
      expect(amended.draft).toMatchObject({ version: 1, signed: true });
      expect(toSummary(amended).approvals.map((a) => [a.step, a.decision, a.draftVersion])).toEqual([
        ['UPT_HEAD', 'APPROVE', 1],
        ['LEGAL', 'APPROVE', 1],
      ]);
      expect(missing(reviewed())).toEqual([]);
      given(reviewed())
        .when(signing())
        .thenRefused(NoDraftAwaitingSigning, {
          currentDraftVersion: 1,
          refusedIn: { state: 'drafted', allowed: ['drafts', 'termination'] },
        });
      given(reviewed())
        .when(decision('kalapasMaros', 'UPT_HEAD', 'APPROVE'))
        .thenRefused(ApprovalNotAdmissible, {
          reason: 'no-draft-awaiting-approval',
          currentDraftVersion: 1,
          refusedIn: { state: 'drafted', allowed: ['drafts', 'termination'] },
        });
    });

    it("needs every approval again once the addendum's draft is submitted", () => {
      const addendum = reviewed(draft('operatorMaros', 2));
      expect(missing(addendum)).toEqual(['UPT_HEAD', 'LEGAL']);
      expect(toSummary(fold(addendum) as Agreement).approvals).toEqual([]);
      given(addendum)
        .when(signing())
        .thenRefused(ApprovalsMissing, { missing: ['UPT_HEAD', 'LEGAL'] });
    });

    it('can no longer be withdrawn: it was signed and stays in force', () => {
      given(reviewed())
        .when(as('operatorMaros', 'withdrawal', { reason: 'Batal' }))
        .thenRefused(AlreadySigned, { signedOn: '2025-09-01' });
    });

    it('can still be terminated, as any agreement in force: an abandoned addendum leaves a way to end it', () => {
      given(reviewed())
        .when(as('kalapasMaros', 'termination', { reason: 'Mitra berhenti beroperasi' }))
        .then([{ type: 'AgreementTerminated', data: { reason: 'Mitra berhenti beroperasi' } }]);
    });

    it("offers the addendum's draft and termination: not withdrawal, and no approval or signing before that draft", () => {
      expect(toSummary(fold(reviewed()) as Agreement).allowed).toEqual(['drafts', 'termination']);
      expect(toSummary(fold(reviewed(draft('operatorMaros', 2))) as Agreement).allowed).toEqual([
        'drafts',
        'approvals',
        'signing',
        'termination',
      ]);
    });

    it('accepts no approval of the signed version', () => {
      given(reviewed())
        .when(decision('kalapasMaros', 'UPT_HEAD', 'APPROVE', 1))
        .thenRefused(ApprovalNotAdmissible, { reason: 'no-draft-awaiting-approval' });
    });

    it('takes the addendum as version 2, approved anew', () => {
      given(reviewed())
        .when(draft('operatorMaros', 2))
        .then([
          {
            type: 'DraftSubmitted',
            data: {
              draftVersion: 2,
              document: { title: 'Draf v2', sha256: '2'.repeat(64) },
              terms: { durationMonths: 12, obligations: [{ party: 'Pemkab Maros', description: 'Pelatihan' }] },
            },
          },
        ]);
    });
  });
});
