import { setImmediate } from 'node:timers/promises';

/**
 * Counts the turns of the event loop from now until `stop`. Work that never yields to the loop is
 * all done within one turn, so a test can tell from the count whether other requests could have
 * been served meanwhile.
 */
export function countTurns(): { now(): number; stop(): Promise<void> } {
  let turns = 0;
  let counting = true;
  const counted = (async () => {
    while (counting) {
      turns += 1;
      await setImmediate();
    }
  })();
  return {
    now: () => turns,
    stop: () => {
      counting = false;
      return counted;
    },
  };
}
