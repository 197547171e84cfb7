import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { loadAgreement, type LoadedAgreement } from './load-agreement';

/** How many agreements' states one process keeps between commands. */
const KEPT = 10_000;

/**
 * The states this process last decided on, so a command on a busy agreement need not read and
 * fold its whole stream again. A kept state is only ever a guess: the append names the tip it was
 * decided on, and when another writer (here or on another server) moved the stream since, the
 * append is refused, the state forgotten and the stream read again. Reads for clients never use
 * it.
 */
@Injectable()
export class AgreementStates {
  private readonly kept = new LRUCache<string, LoadedAgreement>({ max: KEPT });

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The state to decide on. A client that names a version (If-Match) newer than the kept one has
   * seen a write from elsewhere: read the stream rather than refuse on a stale guess.
   */
  async load(agreementId: string, expectedVersion?: number): Promise<LoadedAgreement> {
    const kept = this.kept.get(agreementId);
    if (kept && (expectedVersion === undefined || expectedVersion <= kept.tip.version)) return kept;
    const loaded = await loadAgreement(this.store, agreementId);
    if (loaded.tip.version > 0) this.kept.set(agreementId, loaded);
    return loaded;
  }

  remember(agreementId: string, loaded: LoadedAgreement): void {
    this.kept.set(agreementId, loaded);
  }

  forget(agreementId: string): void {
    this.kept.delete(agreementId);
  }
}
