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
 * The KurrentDB client in use. A client whose discovery attempts have run out never connects
 * again (client 1.3.1: no connection attempt in 10 s after its port opened, and other clients of
 * KurrentDB's are documented to give up the same way), so an outage longer than those attempts
 * would leave every command at 503 until a restart. When the store finds the cluster unreachable,
 * a new client replaces the one in use; the replaced one is disposed once the calls made on it
 * have had their deadline.
 */
export class EsdbConnection {
  #client: KurrentDBClient;
  #madeAt: number;
  #stale = false;
  readonly #retiring = new Set<KurrentDBClient>();
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

  get client(): KurrentDBClient {
    if (this.#stale) this.renew();
    return this.#client;
  }

  /**
   * The cluster could not be reached through the client in use: the next call goes through a new
   * one, made then and not now (a client starts connecting when made, and one made while the
   * cluster is still down gives up before it is back).
   */
  unreachable(): void {
    if (this.#options.now() - this.#madeAt >= this.#options.renewAfterMs) this.#stale = true;
  }

  private renew(): void {
    const replaced = this.#client;
    this.#client = this.make();
    this.#madeAt = this.#options.now();
    this.#stale = false;
    this.#retiring.add(replaced);
    setTimeout(() => {
      if (this.#retiring.delete(replaced)) void replaced.dispose().catch(() => undefined);
    }, this.#options.disposeAfterMs).unref();
  }

  async dispose(): Promise<void> {
    const clients = [this.#client, ...this.#retiring];
    this.#retiring.clear();
    await Promise.all(clients.map((client) => client.dispose().catch(() => undefined)));
  }
}
