import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { ACTORS } from '@kemitraan/testing';
import { tokenFor } from '@kemitraan/testing/http/tokens';
import { startTestApi, type TestApi } from '../support/test-api';

/** AUTH_JWKS_URL: tokens of an identity provider, checked against its JWKS (served here by the test). */
describe('bearer tokens verified against a JWKS (AUTH_JWKS_URL)', () => {
  let jwks: Server;
  let api: TestApi;
  let providerKey: KeyLike;

  const sign = (key: KeyLike, kid: string) =>
    new SignJWT({ name: 'Ashari', roles: ['upt_head'], unit: 'LAPAS-TAKALAR' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('kalapas-takalar')
      .setExpirationTime('5m')
      .sign(key);
  const units = (token: string) => api.http.get('/api/units').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    providerKey = privateKey;
    const keys = [{ ...(await exportJWK(publicKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' }];
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })),
    );
    await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
    const { port } = jwks.address() as AddressInfo;
    api = await startTestApi({ AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
  });
  afterAll(async () => {
    await api.close();
    await new Promise((done) => jwks.close(done));
  });

  it('accepts a token the provider signed', async () => {
    expect((await units(await sign(providerKey, 'provider-1'))).status).toBe(200);
  });

  it('refuses a token signed by another key, and an HS256 token', async () => {
    const { privateKey: stranger } = await generateKeyPair('RS256');
    expect((await units(await sign(stranger, 'provider-1'))).status).toBe(401);
    expect((await units(await tokenFor(ACTORS.kalapasTakalar))).status).toBe(401);
  });
});
