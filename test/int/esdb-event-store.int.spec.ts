import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMPTY_STREAM, EventStoreUnavailable, START_OF_LOG } from '@kemitraan/event-store';
import { EsdbConnection } from '@kemitraan/event-store/esdb/esdb-connection';
import { EsdbEventStore } from '@kemitraan/event-store/esdb/esdb-event-store';
import { anEvent, eventStoreContract } from '@kemitraan/event-store/testing/contract';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract(`EsdbEventStore on the EventStoreDB / KurrentDB at ${new URL(url).host}`, async () => {
    const connection = EsdbConnection.to(url);
    return { store: new EsdbEventStore(connection), teardown: () => connection.dispose() };
  });
} else {
  // Skipped, not deleted: no EventStoreDB or KurrentDB server can run on this machine (no Docker
  // engine, no package), so the suite has nothing to run against; the title says so in the report.
  describe.skip('EsdbEventStore contract on EventStoreDB / KurrentDB: SKIPPED because EVENTSTORE_URL is not set (no EventStoreDB or KurrentDB server can run on this machine: no Docker engine, no package); set EVENTSTORE_URL=kurrentdb://host:2113?tls=false to run it', () => {
    it('runs the event-store contract suite', () => undefined);
  });
}

describe('EsdbEventStore with no server listening (the real client, a closed port)', () => {
  const connection = EsdbConnection.to(
    'kurrentdb://127.0.0.1:1?tls=false&defaultDeadline=2000&maxDiscoverAttempts=1&discoveryInterval=100',
  );
  const store = new EsdbEventStore(connection);
  afterAll(() => connection.dispose());

  it.each([
    ['ping', () => store.ping()],
    ['readStream', () => store.readStream('agreement-x')],
    ['readAll', () => store.readAll(START_OF_LOG, 10)],
    ['readAllForReadModels', () => store.readAllForReadModels(START_OF_LOG, 10)],
    ['lagAfter', () => store.lagAfter(START_OF_LOG, { exactUpTo: 10 })],
    ['append', () => store.append([{ streamId: 'agreement-x', expected: EMPTY_STREAM, events: [anEvent()] }])],
    ['findIdempotency', () => store.findIdempotency('s', 'k')],
  ])('%s rejects with EventStoreUnavailable, which the API answers with 503', async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(EventStoreUnavailable);
  });
});

describe('EsdbEventStore after the cluster could not be reached (the real client)', () => {
  /** Reads through a store whose cluster's port opens after a first read failed; counts the connections then. */
  async function attemptsAfterThePortOpens(renewAfterMs: number): Promise<number> {
    const port = await aFreePort();
    // The client's own retries as by default: with maxDiscoverAttempts=1 it never connects at all.
    const connection = EsdbConnection.to(`kurrentdb://127.0.0.1:${port}?tls=false`, { renewAfterMs });
    const store = new EsdbEventStore(connection);
    const listener = createServer((socket) => socket.destroy());
    let attempts = 0;
    try {
      await expect(store.readStream('agreement-x')).rejects.toBeInstanceOf(EventStoreUnavailable);
      // The port opens (not a KurrentDB: it only counts who connects and hangs up).
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(port, '127.0.0.1', resolve);
      });
      listener.on('connection', () => attempts++);
      await sleep(1_100); // past the default interval between two clients
      await expect(store.readStream('agreement-x')).rejects.toBeInstanceOf(EventStoreUnavailable);
      return attempts;
    } finally {
      await connection.dispose();
      await new Promise((resolve) => listener.close(resolve));
    }
  }

  it('connects again through a new client, with the default interval between two clients', async () => {
    expect(await attemptsAfterThePortOpens(1_000)).toBeGreaterThan(0);
  });

  it('would not with the client kept: one that failed to connect never reads through the cluster again', async () => {
    expect(await attemptsAfterThePortOpens(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

/** A port nothing listens on: one the system just gave out and took back. */
async function aFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
