import { ACTORS, AGREEMENT_ID, SUCCESSOR_ID, commandOf, fold, historyOf, record } from '@kemitraan/testing';
import type { AgreementCommand, RenewAgreement } from './agreement.commands';
import { decideRenewal } from './agreement.renewal';
import { evolve } from './agreement.evolve';
import { initialState, type Agreement } from './agreement.state';
import { ActionForbidden, CommandNotAllowed } from './agreement.errors';

const steps: AgreementCommand[] = [
  commandOf(
    'proposal',
    {
      title: 'PKS Samarinda 2024',
      kind: 'PKS',
      units: ['LAPAS-NARKOTIKA-SAMARINDA'],
      partners: [{ name: 'Dewan UKM Kaltim', type: 'BUSINESS_ASSOCIATION' }],
      scope: ['Pembinaan kemandirian'],
      programs: ['KEMANDIRIAN'],
    },
    ACTORS.operatorSamarinda,
  ),
  commandOf(
    'audiensi',
    {
      heldOn: '2024-01-15',
      place: 'Samarinda',
      attendees: [{ name: 'H', role: 'K', organization: 'L' }],
      summary: 'S',
    },
    ACTORS.kalapasSamarinda,
  ),
  commandOf(
    'drafts',
    { document: { title: 'PKS', sha256: 'd'.repeat(64) }, terms: { durationMonths: 12, obligations: [] } },
    ACTORS.operatorSamarinda,
  ),
  commandOf('approvals', { draftVersion: 1, step: 'UPT_HEAD', decision: 'APPROVE' }, ACTORS.kalapasSamarinda),
  commandOf('approvals', { draftVersion: 1, step: 'LEGAL', decision: 'APPROVE' }, ACTORS.legalKaltim),
  commandOf(
    'signing',
    {
      signedOn: '2024-02-01',
      place: 'Samarinda',
      documentNumber: 'PKS/1',
      signatories: [
        { name: 'Hidayat', title: 'Kalapas', party: 'Lapas' },
        { name: 'Andi', title: 'Ketua', party: 'Dewan UKM' },
      ],
      effectiveFrom: '2024-02-01',
      effectiveUntil: '2025-01-31',
    },
    ACTORS.kalapasSamarinda,
  ),
  commandOf('execution', { startedOn: '2024-02-05' }, ACTORS.kalapasSamarinda),
  commandOf(
    'reviews',
    { reviewedOn: '2025-01-20', period: '2024', score: 5, findings: 'Berhasil', recommendation: 'RENEW' },
    ACTORS.kalapasSamarinda,
  ),
];

const renewal = (title?: string) =>
  commandOf('renewal', title ? { title } : {}, ACTORS.kalapasSamarinda) as RenewAgreement;

describe('renewing a reviewed agreement', () => {
  const reviewed = historyOf(steps);

  it('closes it, naming its successor', () => {
    const { renewed } = decideRenewal(renewal(), fold(reviewed));
    expect(renewed).toEqual([
      { type: 'AgreementRenewed', data: { renewedBy: SUCCESSOR_ID, title: 'PKS Samarinda 2024' } },
    ]);
    const closed = fold([...reviewed, ...record(renewed, renewal(), reviewed.length)]) as Agreement;
    expect(closed.status).toBe('closed');
    expect(closed.renewedBy).toBe(SUCCESSOR_ID);
  });

  it('proposes the successor on the same terms, under a new title if given, with renewalOf', () => {
    const command = renewal('PKS Samarinda 2025');
    const { successor } = decideRenewal(command, fold(reviewed));
    expect(successor.data).toMatchObject({
      agreementId: SUCCESSOR_ID,
      renewalOf: AGREEMENT_ID,
      title: 'PKS Samarinda 2025',
      kind: 'PKS',
      units: [{ code: 'LAPAS-NARKOTIKA-SAMARINDA', kanwil: 'KANWIL-KALTIM' }],
    });
    const next = evolve(initialState(), {
      ...successor,
      recorded: { actor: command.metadata.actor, at: command.metadata.now, version: 1 },
    });
    expect(next).toMatchObject({ status: 'proposed', id: SUCCESSOR_ID, renewalOf: AGREEMENT_ID });
  });

  it('is refused before the review', () => {
    expect(() => decideRenewal(renewal(), fold(reviewed.slice(0, -1)))).toThrow(CommandNotAllowed);
  });

  it('is refused to an operator', () => {
    const byOperator = commandOf('renewal', {}, ACTORS.operatorSamarinda) as RenewAgreement;
    expect(() => decideRenewal(byOperator, fold(reviewed))).toThrow(ActionForbidden);
  });
});
