import { InvalidConfiguration, loadConfig } from './app-config';

describe('REBUILD_HEAP_MB', () => {
  it('defaults to a 128 MB rebuild thread', () => {
    expect(loadConfig({}).projections.rebuildHeapMb).toBe(128);
  });

  it.each(['0', '64', '512'])('accepts %s', (value) => {
    expect(loadConfig({ REBUILD_HEAP_MB: value }).projections.rebuildHeapMb).toBe(Number(value));
  });

  it.each(['24', '63', '-1', '96.5', 'lots'])('refuses %s, naming the rule', (value) => {
    expect(() => loadConfig({ REBUILD_HEAP_MB: value })).toThrow(InvalidConfiguration);
    expect(() => loadConfig({ REBUILD_HEAP_MB: value })).toThrow(
      /REBUILD_HEAP_MB must be 0 \(no thread\) or .* at least 64/,
    );
  });
});

describe('REBUILD_WHEN_BEHIND', () => {
  it('defaults to 100,000 events', () => {
    expect(loadConfig({}).projections.rebuildWhenBehind).toBe(100_000);
  });

  it.each(['0', '5000', '2000000'])('accepts %s', (value) => {
    expect(loadConfig({ REBUILD_WHEN_BEHIND: value }).projections.rebuildWhenBehind).toBe(Number(value));
  });

  it.each(['-1', '1.5', 'soon'])('refuses %s, naming the rule', (value) => {
    expect(() => loadConfig({ REBUILD_WHEN_BEHIND: value })).toThrow(
      /REBUILD_WHEN_BEHIND must be a whole number of events \(0: never\)/,
    );
  });
});

describe('READ_CONNECTIONS', () => {
  it('defaults to two', () => {
    expect(loadConfig({}).readConnections).toBe(2);
  });

  it.each(['1', '12', '100'])('accepts %s', (value) => {
    expect(loadConfig({ READ_CONNECTIONS: value }).readConnections).toBe(Number(value));
  });

  it.each(['0', '101', '2.5', 'many'])('refuses %s, naming the rule', (value) => {
    expect(() => loadConfig({ READ_CONNECTIONS: value })).toThrow(
      /READ_CONNECTIONS must be a whole number of connections, 1 to 100/,
    );
  });
});

describe('REPORT_TIME_ZONE', () => {
  it("defaults to Jakarta's", () => {
    expect(loadConfig({}).reportTimeZone).toBe('Asia/Jakarta');
  });

  it.each(['Asia/Makassar', 'Asia/Jayapura', 'UTC'])('accepts %s', (value) => {
    expect(loadConfig({ REPORT_TIME_ZONE: value }).reportTimeZone).toBe(value);
  });

  it.each(['WITA', 'Mars/Olympus', 'Asia/Bandung'])('refuses %s, naming the rule', (value) => {
    expect(() => loadConfig({ REPORT_TIME_ZONE: value })).toThrow(/REPORT_TIME_ZONE must be an IANA time zone/);
  });
});
