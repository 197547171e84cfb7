import type { Agreement } from '@kemitraan/agreements';
import { ACTORS, commandOf, fold, historyOf, SEED_STORIES } from '@kemitraan/testing';
import { expiringAgreements } from './expiring-agreements';

const agreementOf = (seed: string, more: Parameters<typeof commandOf>[] = []) =>
  fold(
    historyOf([
      ...SEED_STORIES.find((s) => s.seed.startsWith(seed))!.steps.map((s) =>
        commandOf(s.command, s.body, ACTORS[s.as]),
      ),
      ...more.map((args) => commandOf(...args)),
    ]),
  ) as Agreement;

describe('expiring agreements', () => {
  const running = agreementOf('004');
  const until = running.signing!.effectiveUntil;
  const daysBefore = (days: number) => new Date(Date.parse(until) - days * 86_400_000).toISOString().slice(0, 10);

  it('lists an agreement in force whose period ends within the window, with the days left', () => {
    expect(expiringAgreements([running], daysBefore(30), 90)).toEqual([
      { agreementId: running.id, title: running.terms.title, effectiveUntil: until, daysLeft: 30 },
    ]);
  });

  it('counts the last day itself as 0 days left, and leaves out one already ended', () => {
    expect(expiringAgreements([running], until, 90).map((r) => r.daysLeft)).toEqual([0]);
    expect(expiringAgreements([running], daysBefore(-1), 90)).toEqual([]);
  });

  it('leaves out one ending after the window', () => {
    expect(expiringAgreements([running], daysBefore(91), 90)).toEqual([]);
  });

  it('leaves out agreements not signed, and agreements terminated', () => {
    const terminated = agreementOf('004', [['termination', { reason: 'Mitra bubar' }, ACTORS.kalapasSamarinda]]);
    expect(expiringAgreements([agreementOf('002'), terminated], daysBefore(30), 90)).toEqual([]);
  });
});
