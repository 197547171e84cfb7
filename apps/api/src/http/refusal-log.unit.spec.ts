import { RefusalLog } from './refusal-log';

describe('RefusalLog', () => {
  it('logs the first refusal, then one line per period standing for every refusal since', () => {
    let now = 0;
    const log = new RefusalLog(10_000, () => now);
    expect(log.refused()).toBe(1);
    const lines: (number | null)[] = [];
    for (now = 1; now < 10_000; now += 1_000) lines.push(log.refused());
    expect(lines).toEqual(Array(10).fill(null));
    now = 10_000;
    expect(log.refused()).toBe(11);
    now = 10_001;
    expect(log.refused()).toBeNull();
  });

  it('logs again at once after a quiet period', () => {
    let now = 0;
    const log = new RefusalLog(10_000, () => now);
    log.refused();
    now = 60_000;
    expect(log.refused()).toBe(1);
  });
});
