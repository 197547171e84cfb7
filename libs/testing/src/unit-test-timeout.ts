/**
 * Unit tests are pure and fast: one that hangs should fail in seconds, not wait out the two
 * minutes the root config gives the int and e2e tests (which drive real PostgreSQL and servers).
 * Generous for a slow shared machine: the slowest unit test takes under two seconds here.
 */
jest.setTimeout(30_000);
