import { RefusalLog } from './refusal-log';

describe('RefusalLog', () => {
  let lines: [number, string][];
  let log: RefusalLog;
  const start = Date.parse('2026-12-03T00:00:00Z');

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    lines = [];
    log = new RefusalLog((refused, cause) => lines.push([refused, cause]), 10_000);
  });
  afterEach(() => jest.useRealTimers());

  /** A refusal `ms` after the start (fake timers move Date.now and fire what is due on the way). */
  const at = (ms: number, cause = 'down') => {
    jest.advanceTimersByTime(start + ms - Date.now());
    log.count(cause);
  };

  it('writes the first refusal at once, then one line per period for every refusal since', () => {
    at(0);
    expect(lines).toEqual([[1, 'down']]);
    for (let ms = 1_000; ms < 10_000; ms += 1_000) at(ms, `down at ${ms}`);
    expect(lines).toHaveLength(1);
    at(10_000, 'still down');
    at(15_000, 'down at 15000');
    expect(lines).toEqual([
      [1, 'down'],
      [9, 'down at 9000'],
    ]);
    jest.advanceTimersByTime(5_000);
    expect(lines).toEqual([
      [1, 'down'],
      [9, 'down at 9000'],
      [2, 'down at 15000'],
    ]);
  });

  it("writes an outage's last refusals when their period ends, though none follows", () => {
    at(0);
    at(2_000, 'last');
    expect(lines).toEqual([[1, 'down']]);
    jest.advanceTimersByTime(8_000);
    expect(lines).toEqual([
      [1, 'down'],
      [1, 'last'],
    ]);
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(2);
  });

  it('writes again at once after a quiet period', () => {
    at(0);
    at(60_000, 'again');
    expect(lines).toEqual([
      [1, 'down'],
      [1, 'again'],
    ]);
  });
});
