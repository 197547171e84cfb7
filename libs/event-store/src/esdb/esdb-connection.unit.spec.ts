import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EsdbConnection } from './esdb-connection';

/** Clients that only count whether they were disposed. */
function clients() {
  const made: { disposed: boolean }[] = [];
  const make = () => {
    const client = { disposed: false, dispose: async () => void (client.disposed = true) };
    made.push(client);
    return client as unknown as KurrentDBClient;
  };
  return { made, make };
}

describe('the KurrentDB connection', () => {
  const opened: EsdbConnection[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((connection) => connection.dispose()));
  });
  const open = (...args: ConstructorParameters<typeof EsdbConnection>): EsdbConnection => {
    const connection = new EsdbConnection(...args);
    opened.push(connection);
    return connection;
  };

  it('keeps its client while the cluster answers', () => {
    const { made, make } = clients();
    const connection = open(make);
    expect(connection.client).toBe(connection.client);
    expect(made).toHaveLength(1);
  });

  it('goes through a new client, made at the next call, once the client in use found the cluster unreachable', () => {
    const { made, make } = clients();
    let now = 0;
    const connection = open(make, { renewAfterMs: 1_000, now: () => now });
    const first = connection.client;
    now = 1_000;
    connection.unreachable(first);
    expect(made).toHaveLength(1);
    expect(connection.client).not.toBe(first);
    expect(made).toHaveLength(2);
  });

  it('remembers a failure of a young client until the interval has passed: at most one client per interval', () => {
    const { made, make } = clients();
    let now = 0;
    const connection = open(make, { renewAfterMs: 1_000, now: () => now });
    const first = connection.client;
    now = 500;
    connection.unreachable(first);
    expect(connection.client).toBe(first);
    now = 1_000;
    const second = connection.client;
    expect(second).not.toBe(first);
    now = 1_500;
    connection.unreachable(second);
    expect(connection.client).toBe(second);
    expect(made).toHaveLength(2);
  });

  it('takes no failure of a client already replaced as one of the client in use', () => {
    const { made, make } = clients();
    const connection = open(make, { renewAfterMs: 0 });
    const first = connection.client;
    connection.unreachable(first);
    const second = connection.client;
    connection.unreachable(first);
    expect(connection.client).toBe(second);
    expect(made).toHaveLength(2);
  });

  it('disposes a replaced client once the calls made on it have had their time, and every client when disposed', async () => {
    const { made, make } = clients();
    const connection = open(make, { renewAfterMs: 0, disposeAfterMs: 20 });
    connection.unreachable(connection.client);
    const second = connection.client;
    expect(made.map((c) => c.disposed)).toEqual([false, false]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(made.map((c) => c.disposed)).toEqual([true, false]);
    connection.unreachable(second);
    void connection.client;
    await connection.dispose();
    expect(made.map((c) => c.disposed)).toEqual([true, true, true]);
  });

  it('makes no client once disposed', async () => {
    const { made, make } = clients();
    const connection = open(make, { renewAfterMs: 0 });
    await connection.dispose();
    connection.unreachable(connection.client);
    void connection.client;
    expect(made).toHaveLength(1);
  });
});
