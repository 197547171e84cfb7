import { GenerationStatistics } from './generation-statistics';

const logged = () => {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: () => {},
  };
  return { lines, log };
};

describe("a rebuilt generation's statistics", () => {
  it('are analyzed from a size on, and again each time the generation has doubled', async () => {
    const analyzedAt: number[] = [];
    let rows = 0;
    const { log } = logged();
    const statistics = new GenerationStatistics(async () => void analyzedAt.push(rows), log, 7, 100);
    for (rows = 0; rows <= 1_000; rows += 30) await statistics.beforeReadingBack(rows);

    expect(analyzedAt).toEqual([120, 240, 480, 960]);
  });

  it('are analyzed once before the generation answers reads, whatever its size', async () => {
    let analyses = 0;
    const { lines, log } = logged();
    const statistics = new GenerationStatistics(async () => void analyses++, log, 7, 100);
    await statistics.beforeAnsweringReads(3);
    await statistics.beforeAnsweringReads(3);

    expect(analyses).toBe(1);
    expect(lines).toEqual([
      "info rebuild#7: analyzing the read models' rows before they answer reads (3 in this generation).",
    ]);
  });

  it('let the rebuild go on, with a warning, when the analysis is refused', async () => {
    const { lines, log } = logged();
    const statistics = new GenerationStatistics(
      () => Promise.reject(new Error('must be owner of table projection_rows')),
      log,
      7,
      100,
    );
    await statistics.beforeReadingBack(150);
    await statistics.beforeReadingBack(200);

    expect(lines).toEqual([
      "info rebuild#7: analyzing the read models' rows (150 in this generation).",
      "warn rebuild#7: could not analyze the read models' rows: Error: must be owner of table projection_rows.",
    ]);
  });
});
