import { FailurePacing } from './failure-pacing';

describe('the wait before something that keeps failing (a runner, a rebuild, its thread) is tried again', () => {
  it('grows with each failure in a row, up to a ceiling', () => {
    const pacing = new FailurePacing();
    const waits = Array.from({ length: 10 }, () => pacing.failed());
    expect(waits.slice(0, 6)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000]);
    expect(new Set(waits.slice(5))).toEqual(new Set([15_000]));
  });

  it('starts afresh after a success', () => {
    const pacing = new FailurePacing();
    pacing.failed();
    pacing.failed();
    pacing.succeeded();
    expect(pacing.failed()).toBe(500);
  });
});
