import fc from 'fast-check';
import { lagAtMost } from './lag-bound';

describe('the bound on how far a reader is behind the PostgreSQL log', () => {
  it('is the highest position for a reader at the start: no more events than positions drawn', () => {
    expect(lagAtMost(1_000n, null, 118)).toBe(1_000n);
  });

  it("counts from the first position of the reader's transaction, plus one event per session", () => {
    expect(lagAtMost(1_000n, 900n, 10)).toBe(111n);
  });

  it('is never more than the highest position', () => {
    expect(lagAtMost(100n, 50n, 118)).toBe(100n);
  });

  it("covers transactions that drew a position below the reader's first before it took its id", () => {
    // T1 and T2 draw positions 1 and 2, the reader's transaction C draws 3 and takes id 1 before
    // T1 and T2 take theirs: in log order C's event comes first, and both others follow it.
    expect(lagAtMost(3n, 3n, 3)).toBeGreaterThanOrEqual(2n);
  });

  /**
   * A model of concurrent appends as migration 0001 makes them: at most `sessions` transactions
   * open at once, each drawing its first position one step before its transaction id (another
   * transaction may run in between), then more positions; some roll back and leave gaps. The log
   * is read in (transaction id, position) order, and a reader stands at any event: the events
   * after it must never outnumber the bound.
   */
  it('is never below the events that follow a reader, however appends interleave', () => {
    const step = fc.record({ pick: fc.nat(), action: fc.constantFrom('open', 'take id', 'draw', 'end', 'roll back') });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(step, { minLength: 1, maxLength: 120 }),
        (sessions, steps) => {
          type Transaction = { id: number | null; positions: number[]; open: boolean; rolledBack: boolean };
          const transactions: Transaction[] = [];
          let nextPosition = 1;
          let nextId = 1;
          const open = () => transactions.filter((t) => t.open);
          for (const { pick, action } of steps) {
            const running = open();
            if (action === 'open') {
              if (running.length < sessions)
                transactions.push({ id: null, positions: [nextPosition++], open: true, rolledBack: false });
              continue;
            }
            const t = running[pick % Math.max(running.length, 1)];
            if (!t) continue;
            if (t.id === null) t.id = nextId++;
            else if (action === 'draw') t.positions.push(nextPosition++);
            else if (action === 'end' || action === 'roll back') {
              t.open = false;
              t.rolledBack = action === 'roll back';
            }
          }
          for (const t of open()) t.id ??= nextId++;
          const log = transactions
            .filter((t) => !t.rolledBack)
            .flatMap((t) => t.positions.map((position) => ({ id: t.id!, position, first: t.positions[0]! })))
            .sort((a, b) => a.id - b.id || a.position - b.position);
          const last = BigInt(Math.max(0, ...log.map((e) => e.position)));
          expect(lagAtMost(last, null, sessions)).toBeGreaterThanOrEqual(BigInt(log.length));
          log.forEach((reader, at) => {
            const behind = BigInt(log.length - at - 1);
            expect(lagAtMost(last, BigInt(reader.first), sessions)).toBeGreaterThanOrEqual(behind);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
