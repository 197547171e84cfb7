import { setTimeout as sleep } from 'node:timers/promises';
import { WritersContending } from './application.errors';
import { AgreementTurns } from './agreement-turns';

describe('turns of the commands on one agreement', () => {
  it('runs the commands on one agreement one after another, in order, and other agreements meanwhile', async () => {
    const turns = new AgreementTurns();
    const log: string[] = [];
    const command = (agreement: string, n: number, ms: number) =>
      turns.take(agreement, async () => {
        log.push(`${agreement}${n} starts`);
        await sleep(ms);
        log.push(`${agreement}${n} ends`);
        return n;
      });
    const answers = await Promise.all([
      command('a', 1, 30),
      command('a', 2, 1),
      command('b', 1, 1),
      command('a', 3, 1),
    ]);
    expect(answers).toEqual([1, 2, 1, 3]);
    expect(log.filter((line) => line.startsWith('a'))).toEqual([
      'a1 starts',
      'a1 ends',
      'a2 starts',
      'a2 ends',
      'a3 starts',
      'a3 ends',
    ]);
    // b did not wait for a's first command.
    expect(log.indexOf('b1 ends')).toBeLessThan(log.indexOf('a1 ends'));
  });

  it('refuses a command that waited too long for its turn, and never runs it', async () => {
    const turns = new AgreementTurns(20);
    let ran = false;
    const first = turns.take('a', () => sleep(80));
    const second = turns.take('a', async () => {
      ran = true;
    });
    await expect(second).rejects.toBeInstanceOf(WritersContending);
    await first;
    await sleep(10);
    expect(ran).toBe(false);
  });

  it('answers a failed command with its own error, and gives the next one its turn', async () => {
    const turns = new AgreementTurns();
    const failing = turns.take('a', () => Promise.reject(new Error('refused by the domain')));
    const next = turns.take('a', async () => 'next');
    await expect(failing).rejects.toThrow('refused by the domain');
    await expect(next).resolves.toBe('next');
  });
});
