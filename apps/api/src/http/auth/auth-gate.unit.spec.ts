import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { ProblemException } from '../problem';
import { RateLimits } from '../rate-limits';
import { AuthGate } from './auth-gate';
import { secretVerifier } from './token-verifier';

afterEach(() => jest.restoreAllMocks());

describe('the auth gate', () => {
  it('refuses a route with no access rule with 403, and its logged error names the request', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const gate = new AuthGate(secretVerifier(new TextEncoder().encode(TEST_JWT_SECRET)), new RateLimits(0));
    const request = {
      id: 'gate-req-7',
      method: 'GET',
      url: '/api/nowhere?x=1',
      routeOptions: { url: '/api/nowhere' },
      headers: {},
    } as unknown as FastifyRequest;

    const refused = await gate.admit(request).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).problem.status).toBe(403);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]).toEqual([
      { req: { id: 'gate-req-7', method: 'GET', url: '/api/nowhere?x=1' } },
      'No access rule for GET /api/nowhere: refused.',
    ]);
  });
});
