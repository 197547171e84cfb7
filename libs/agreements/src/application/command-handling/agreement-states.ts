import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { EVENT_STORE, tipOf, type EventStore } from '@kemitraan/event-store';
import { evolve } from '../../domain';
import { toRecorded } from '../agreement-streams';
import { loadAgreement, type LoadedAgreement } from './load-agreement';

/** How many agreements' states one process keeps between commands. */
const KEPT = 10_000;

interface Kept {
  readonly loaded: LoadedAgreement;
  /** An append on it was refused, or its outcome is unknown: another writer may have moved on. */
  readonly doubted: boolean;
  /** Last handed out as kept, unread: a command it refuses may be refused on a stale guess. */
  readonly guessed: boolean;
}

/**
 * The states this process last decided on, so a command on a busy agreement need not read and
 * fold its whole stream again. A kept state is only ever a guess: the append names the tip it was
 * decided on, and when another writer (here or on another server) moved the stream since, the
 * append is refused and the state doubted. A doubted state is brought up to date with the events
 * from its tip on, rather than the whole stream: behind a load balancer, where the last write to
 * an agreement was often another server's, a long history read and folded again for each such
 * refusal cost more than the command. Reads for clients never use it.
 */
@Injectable()
export class AgreementStates {
  private readonly kept = new LRUCache<string, Kept>({ max: KEPT });

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The state to decide on. A client that names a version (If-Match) newer than the kept one has
   * seen a write from elsewhere: bring it up to date rather than refuse on a stale guess.
   */
  async load(agreementId: string, expectedVersion?: number): Promise<LoadedAgreement> {
    const kept = this.kept.get(agreementId);
    const current =
      kept && !kept.doubted && (expectedVersion === undefined || expectedVersion <= kept.loaded.tip.version);
    if (current) {
      if (!kept.guessed) this.kept.set(agreementId, { ...kept, guessed: true });
      return kept.loaded;
    }
    const loaded = kept ? await this.upToDate(agreementId, kept.loaded) : await loadAgreement(this.store, agreementId);
    if (loaded.tip.version > 0) this.kept.set(agreementId, { loaded, doubted: false, guessed: false });
    return loaded;
  }

  remember(agreementId: string, loaded: LoadedAgreement): void {
    this.kept.set(agreementId, { loaded, doubted: false, guessed: false });
  }

  /** Another writer may have moved the agreement on: check the kept state before deciding again. */
  doubt(agreementId: string): void {
    const kept = this.kept.get(agreementId);
    if (kept) this.kept.set(agreementId, { loaded: kept.loaded, doubted: true, guessed: false });
  }

  /**
   * Whether the state last handed out for this agreement was kept, unread (a guess); if so it is
   * doubted, so the next load reads what another server may have written since. A refusal appends
   * nothing, so no refused append would ever show such a guess stale: the caller asks this before
   * it answers one.
   */
  doubtIfGuessed(agreementId: string): boolean {
    const kept = this.kept.get(agreementId);
    if (!kept?.guessed) return false;
    this.doubt(agreementId);
    return true;
  }

  /**
   * The kept state with the events written after it folded in. The read starts at the kept tip
   * itself: unless the log holds that event with the kept hash (it always should), the state is
   * read again whole.
   */
  private async upToDate(agreementId: string, kept: LoadedAgreement): Promise<LoadedAgreement> {
    const [tip, ...later] = await this.store.readStreamFrom(kept.streamId, kept.tip.version);
    if (tip?.version !== kept.tip.version || tip.hash !== kept.tip.hash) return loadAgreement(this.store, agreementId);
    if (later.length === 0) return kept;
    return {
      streamId: kept.streamId,
      tip: tipOf(later),
      state: later.map(toRecorded).reduce(evolve, kept.state),
      lastAt: later.at(-1)!.metadata.at,
    };
  }
}
