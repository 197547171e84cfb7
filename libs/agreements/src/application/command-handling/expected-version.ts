import type { StreamTip } from '@kemitraan/event-store';
import { PreconditionFailed } from './application.errors';

/** If-Match: the command applies only to the version the client saw (a missing agreement is a 404 first). */
export function assertExpectedVersion(expected: number | undefined, tip: StreamTip): void {
  if (tip.version > 0 && expected !== undefined && expected !== tip.version) {
    throw new PreconditionFailed(expected, tip.version);
  }
}
