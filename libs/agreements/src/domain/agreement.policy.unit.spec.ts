import { ACTORS, commandOf, fold, given, historyOf, type ActorKey } from '@kemitraan/testing';
import type { Actor } from './actor';
import type { AgreementCommandName } from './agreement.commands';
import { decide } from './agreement.decider';
import { COMMAND_ROLES, authorizationRefusal } from './agreement.policy';
import { ActionForbidden } from './agreement.errors';
import { initialState } from './agreement.state';

const PROPOSAL = {
  title: 'MoU lintas UPT',
  kind: 'MOU',
  units: ['LAPAS-MAROS', 'LAPAS-TAKALAR'],
  partners: [{ name: 'Koperasi Maju', type: 'COOPERATIVE' }],
  scope: ['Usaha produktif'],
  programs: ['KEMANDIRIAN'],
};
const proposed = () => historyOf([commandOf('proposal', PROPOSAL, ACTORS.operatorMaros)]);
const WITHDRAWAL = { reason: 'Batal' };
const MAROS = [{ code: 'LAPAS-MAROS', kanwil: 'KANWIL-SULSEL' }];

describe('who may act on an agreement', () => {
  describe('a proposal', () => {
    it('is made by an operator for units that include their own', () => {
      const events = decide(commandOf('proposal', PROPOSAL, ACTORS.operatorTakalar), initialState());
      expect(events.map((e) => e.type)).toEqual(['AgreementProposed']);
    });

    it('is refused for units that do not include the proposer own', () => {
      given([])
        .when(commandOf('proposal', PROPOSAL, ACTORS.operatorSamarinda))
        .thenRefused(ActionForbidden, { reason: 'scope' });
    });

    it.each<ActorKey>(['kalapasMaros', 'legalSulsel', 'auditor', 'admin'])(
      'is refused to %s (only operators propose)',
      (who) => {
        given([])
          .when(commandOf('proposal', PROPOSAL, ACTORS[who]))
          .thenRefused(ActionForbidden, { reason: 'role' });
      },
    );
  });

  it.each<[ActorKey, AgreementCommandName]>([
    ['operatorMaros', 'withdrawal'],
    ['operatorTakalar', 'withdrawal'],
    ['kalapasTakalar', 'withdrawal'],
  ])('lets %s, of a unit inside the agreement, issue %s', (who, command) => {
    expect(decide(commandOf(command, WITHDRAWAL, ACTORS[who]), fold(proposed()))).toHaveLength(1);
  });

  it('refuses staff of a unit outside the agreement', () => {
    given(proposed())
      .when(commandOf('withdrawal', WITHDRAWAL, ACTORS.operatorSamarinda))
      .thenRefused(ActionForbidden, {
        reason: 'scope',
      });
  });

  it('lets the Kanwil of a unit inside the agreement approve, and refuses another Kanwil', () => {
    const history = historyOf([
      commandOf('proposal', PROPOSAL, ACTORS.operatorMaros),
      commandOf(
        'audiensi',
        {
          heldOn: '2025-01-01',
          place: 'Maros',
          attendees: [{ name: 'A', role: 'B', organization: 'C' }],
          summary: 'S',
        },
        ACTORS.kalapasMaros,
      ),
      commandOf(
        'drafts',
        { document: { title: 'D', sha256: 'f'.repeat(64) }, terms: { durationMonths: 6, obligations: [] } },
        ACTORS.operatorMaros,
      ),
    ]);
    const approval = { draftVersion: 1, step: 'LEGAL', decision: 'APPROVE' };
    given(history)
      .when(commandOf('approvals', approval, ACTORS.legalSulsel))
      .then([{ type: 'DraftApproved', data: { draftVersion: 1, step: 'LEGAL' } }]);
    given(history)
      .when(commandOf('approvals', approval, ACTORS.legalKaltim))
      .thenRefused(ActionForbidden, { reason: 'scope' });
  });

  describe.each<ActorKey>(['auditor', 'admin'])('%s', (who) => {
    it.each(Object.keys(COMMAND_ROLES) as AgreementCommandName[])('may not issue %s', (type) => {
      const command = commandOf(type, { step: 'UPT_HEAD', units: ['LAPAS-MAROS'] }, ACTORS[who]);
      expect(authorizationRefusal(command, MAROS)).toMatchObject({ reason: 'role' });
    });
  });

  it('judges each role in its own scope when a user holds several', () => {
    const headOfBoth: Actor = {
      sub: 'two-hats',
      name: 'Dua Jabatan',
      roles: ['upt_head', 'kanwil_head'],
      unit: 'KANWIL-SULSEL',
    };
    const terminate = (actor: Actor) => authorizationRefusal(commandOf('termination', { reason: 'x' }, actor), MAROS);
    expect(terminate(headOfBoth)).toBeNull();
    expect(terminate({ ...headOfBoth, unit: 'KANWIL-KALTIM' })).toMatchObject({ reason: 'scope' });
    expect(terminate({ ...headOfBoth, unit: 'LAPAS-MAROS' })).toBeNull();
    const continueAs = (actor: Actor) => authorizationRefusal(commandOf('continuation', {}, actor), MAROS);
    expect(continueAs(headOfBoth)).toMatchObject({ reason: 'scope' });
  });

  it('says where the roles that would give a refused step act', () => {
    const reviewerOfALapas: Actor = { sub: 'r', name: 'R', roles: ['upt_head', 'legal'], unit: 'LAPAS-MAROS' };
    const legalStep = commandOf('approvals', { draftVersion: 1, step: 'LEGAL', decision: 'APPROVE' }, reviewerOfALapas);
    expect(authorizationRefusal(legalStep, MAROS)?.message).toBe(
      "Unit LAPAS-MAROS is outside this agreement's scope: the role legal acts only in the Kanwil of one of its units (KANWIL-SULSEL).",
    );
    const headOfAnother: Actor = { sub: 'h', name: 'H', roles: ['upt_head', 'kanwil_head'], unit: 'KANWIL-KALTIM' };
    expect(authorizationRefusal(commandOf('termination', { reason: 'x' }, headOfAnother), MAROS)?.message).toBe(
      "Unit KANWIL-KALTIM is outside this agreement's scope: the roles upt_head and kanwil_head act only in one of its units (LAPAS-MAROS) or the Kanwil of one of its units (KANWIL-SULSEL).",
    );
  });

  it('checks who may act before the state of the agreement', () => {
    given(proposed())
      .when(commandOf('signing', {}, ACTORS.auditor))
      .thenRefused(ActionForbidden, { reason: 'role' });
  });
});
