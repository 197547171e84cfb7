import { byTurns, summarise } from './measure';

describe('the bench’s measurements', () => {
  it('summarises runs by their median, min and max', () => {
    expect(summarise([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarise([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('runs a measurement and its reference by turns, each with its run’s number', async () => {
    const calls: string[] = [];
    const figures = await byTurns(
      3,
      async (run) => {
        calls.push(`measured ${run}`);
        return 10 * (run + 1);
      },
      async (run) => {
        calls.push(`reference ${run}`);
        return 100 * (run + 1);
      },
    );
    expect(calls).toEqual(['measured 0', 'reference 0', 'measured 1', 'reference 1', 'measured 2', 'reference 2']);
    expect(figures.measured).toEqual({ median: 20, min: 10, max: 30, runs: 3 });
    expect(figures.reference).toEqual({ median: 200, min: 100, max: 300, runs: 3 });
  });
});
