import type { Agreement } from '@kemitraan/agreements';
import { ACTORS, commandOf, fold, historyOf, SEED_STORIES } from '@kemitraan/testing';
import { pendingApprovals } from './pending-approvals';

const commandsOf = (seed: string) =>
  SEED_STORIES.find((s) => s.seed.startsWith(seed))!.steps.map((s) => commandOf(s.command, s.body, ACTORS[s.as]));

describe('pending approvals', () => {
  describe('given seed 003 (an MoU whose draft 2 has only the UPT head approval)', () => {
    const agreement = fold(historyOf(commandsOf('003'))) as Agreement;
    const submitted = Date.parse(agreement.draft!.submittedAt);

    it('lists the Kanwil steps still waiting, with whole days since the draft was submitted', () => {
      const rows = pendingApprovals([agreement], new Date(submitted + 3.9 * 86_400_000));
      expect(rows.map((r) => [r.step, r.draftVersion, r.waitingDays])).toEqual([
        ['KANWIL_HEAD', 2, 3],
        ['LEGAL', 2, 3],
      ]);
    });

    it('when the legal reviewer declines, that step no longer waits for an approver', () => {
      const declined = fold(
        historyOf([
          ...commandsOf('003'),
          commandOf(
            'approvals',
            { draftVersion: 2, step: 'LEGAL', decision: 'DECLINE', note: 'Pasal 4 kabur' },
            ACTORS.legalSulsel,
          ),
        ]),
      ) as Agreement;
      expect(pendingApprovals([declined], new Date(submitted)).map((r) => r.step)).toEqual(['KANWIL_HEAD']);
    });
  });

  it('leaves out agreements not waiting for approval', () => {
    const signed = fold(historyOf(commandsOf('001'))) as Agreement;
    const audiensi = fold(historyOf(commandsOf('002'))) as Agreement;
    expect(pendingApprovals([signed, audiensi], new Date())).toEqual([]);
  });
});
