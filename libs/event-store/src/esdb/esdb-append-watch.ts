import { END, type AllStreamSubscription, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { AppendWakeups } from '../append-wakeups';
import { applicationEvents } from './esdb-positions';

/** Wakes a reader of `$all` when an application event is appended, through a live subscription. */
export class EsdbAppendWatch extends AppendWakeups {
  private subscription: AllStreamSubscription | null = null;

  /** @param client the client in use when a subscription is opened (EsdbConnection renews it). */
  constructor(private readonly client: () => KurrentDBClient) {
    super();
  }

  close(): void {
    const subscription = this.subscription;
    this.subscription = null;
    void subscription?.unsubscribe().catch(() => undefined);
  }

  protected listen(): void {
    if (this.subscription) return;
    try {
      const subscription = this.client().subscribeToAll({ fromPosition: END, filter: applicationEvents() });
      subscription.on('data', () => this.notify());
      // Whichever way the subscription ends (an error, or the server closing it cleanly), the
      // next wait subscribes again rather than leave the readers to polling for good.
      const ended = () => {
        if (this.subscription === subscription) this.subscription = null;
      };
      subscription.on('error', ended);
      subscription.on('end', ended);
      subscription.on('close', ended);
      this.subscription = subscription;
    } catch {
      // Polling carries on; the next wait subscribes again.
    }
  }
}
