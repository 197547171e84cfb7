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

describe('NODE_ENV=production', () => {
  it('refuses demo mode, which prints a token for every role in the log', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL/,
    );
  });

  it.each([{ AUTH_JWT_SECRET: 'x'.repeat(32) }, { AUTH_JWKS_URL: 'https://idp.example/jwks' }])(
    'starts with a real identity provider: %j',
    (auth) => {
      expect(loadConfig({ NODE_ENV: 'production', ...auth }).auth.mode).not.toBe('demo');
    },
  );

  it('leaves demo mode to every other NODE_ENV', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).auth).toEqual({ mode: 'demo' });
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default: the rate limit counts per peer', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it.each(['10.0.0.5', '10.0.0.5,10.1.0.0/16', 'fd00::/8, 127.0.0.1', 'uniquelocal', 'loopback,192.168.1.10'])(
    'takes %s',
    (value) => {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(value);
    },
  );

  // A count of hops trusts any peer, a client reaching the server directly too.
  it.each(['1', '2', 'true', 'yes', '10.0.0', '10.0.0.0/33', '10.0.0.1/8/8', 'lb.example', '10.0.0.1,'])(
    'refuses %s',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be the addresses or CIDR ranges/);
    },
  );
});

describe('CORS_ORIGINS', () => {
  it('takes origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example,http://b.example:8080' }).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
  });

  it.each(['https://a.example/', 'https://a.example/app', 'a.example'])(
    'refuses %s, which no browser origin matches',
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/no path, no trailing slash/);
    },
  );
});

describe('PORT', () => {
  it.each(['abc', '-1', '70000', '80.5'])('refuses %s with one message', (value) => {
    expect(() => loadConfig({ PORT: value })).toThrow(
      /^Invalid configuration: PORT must be a whole number, 0 to 65535$/,
    );
  });
});
