import { KurrentDBClient } from '@kurrent/kurrentdb-client';

export interface EsdbConnectionOptions {
  /** A client younger than this is kept whatever fails: at most one new client per interval. */
  readonly renewAfterMs: number;
  /** How long a replaced client is kept for the calls already made on it (their deadline). */
  readonly disposeAfterMs: number;
  readonly now: () => number;
}

const DEFAULTS: EsdbConnectionOptions = { renewAfterMs: 1_000, disposeAfterMs: 15_000, now: Date.now };

/**
 * The KurrentDB client in use. A client that failed to connect never reads through the cluster
 * again (client 1.3.1: its reads, which go through its native bridge, made no connection attempt
 * in 4 s after the port opened; its appends do reconnect), so an outage would leave every command
 * at 503 until a restart. Once a call finds the cluster unreachable through the client in use,
 * the next call at least `renewAfterMs` after that client was made goes through a new one; the
 * replaced one is disposed once the calls made on it have had their deadline.
 */
export class EsdbConnection {
  #client: KurrentDBClient;
  #madeAt: number;
  #stale = false;
  #disposed = false;
  /** Replaced clients, each with the timer that disposes it. */
  readonly #retiring = new Map<KurrentDBClient, NodeJS.Timeout>();
  readonly #options: EsdbConnectionOptions;

  constructor(
    private readonly make: () => KurrentDBClient,
    options: Partial<EsdbConnectionOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
    this.#client = make();
    this.#madeAt = this.#options.now();
  }

  static to(url: string, options?: Partial<EsdbConnectionOptions>): EsdbConnection {
    return new EsdbConnection(() => KurrentDBClient.connectionString(url), options);
  }

  /** The client to call through: a new one when the one in use was found unreachable long enough after it was made. */
  get client(): KurrentDBClient {
    const { now, renewAfterMs } = this.#options;
    if (this.#stale && !this.#disposed && now() - this.#madeAt >= renewAfterMs) this.renew();
    return this.#client;
  }

  /**
   * A call through `client` found the cluster unreachable. A client already replaced says nothing
   * of the one in use (a call of its own failing late, or cancelled as it is disposed).
   */
  unreachable(client: KurrentDBClient): void {
    if (client === this.#client) this.#stale = true;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const clients = [this.#client, ...this.#retiring.keys()];
    for (const timer of this.#retiring.values()) clearTimeout(timer);
    this.#retiring.clear();
    await Promise.all(clients.map((client) => client.dispose().catch(() => undefined)));
  }

  private renew(): void {
    const replaced = this.#client;
    this.#client = this.make();
    this.#madeAt = this.#options.now();
    this.#stale = false;
    const timer = setTimeout(() => {
      if (this.#retiring.delete(replaced)) void replaced.dispose().catch(() => undefined);
    }, this.#options.disposeAfterMs);
    this.#retiring.set(replaced, timer.unref());
  }
}
