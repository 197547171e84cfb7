import { setTimeout as sleep } from 'node:timers/promises';
import type { TestApi } from './test-api';

/**
 * Reads a read-model route until its body satisfies `done` (read models trail commands by a
 * moment), failing with the last answer after `timeoutMs`.
 */
export async function eventuallyRead(api: TestApi, path: string, done: (body: any) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.get('auditor', path);
    if (answer.status === 200 && done(answer.body)) return answer.body;
    if (Date.now() > deadline)
      throw new Error(`${path} never got there: ${answer.status} ${JSON.stringify(answer.body)}`);
    await sleep(50);
  }
}
