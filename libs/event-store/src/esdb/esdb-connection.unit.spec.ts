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
  it('keeps its client while the cluster answers', () => {
    const { made, make } = clients();
    const connection = new EsdbConnection(make);
    expect(connection.client).toBe(connection.client);
    expect(made).toHaveLength(1);
  });

  it('goes through a new client, made at the next call, once the cluster was unreachable', () => {
    const { made, make } = clients();
    let now = 0;
    const connection = new EsdbConnection(make, { renewAfterMs: 1_000, now: () => now });
    const first = connection.client;
    now = 1_000;
    connection.unreachable();
    expect(made).toHaveLength(1);
    expect(connection.client).not.toBe(first);
    expect(made).toHaveLength(2);
  });

  it('makes at most one client per interval, however many calls fail', () => {
    const { made, make } = clients();
    let now = 0;
    const connection = new EsdbConnection(make, { renewAfterMs: 1_000, now: () => now });
    now = 999;
    connection.unreachable();
    expect(connection.client).toBe(connection.client);
    expect(made).toHaveLength(1);
    now = 1_000;
    connection.unreachable();
    void connection.client;
    now = 1_500;
    connection.unreachable();
    void connection.client;
    expect(made).toHaveLength(2);
  });

  it('disposes a replaced client once the calls made on it have had their time, and every client when disposed', async () => {
    const { made, make } = clients();
    let now = 0;
    const connection = new EsdbConnection(make, { renewAfterMs: 0, disposeAfterMs: 20, now: () => now });
    connection.unreachable();
    void connection.client;
    expect(made.map((c) => c.disposed)).toEqual([false, false]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(made.map((c) => c.disposed)).toEqual([true, false]);
    now = 10;
    connection.unreachable();
    void connection.client;
    await connection.dispose();
    expect(made.map((c) => c.disposed)).toEqual([true, true, true]);
  });
});
