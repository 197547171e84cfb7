import type { Actor } from '@kemitraan/agreements';
import { TEST_JWT_SECRET, tokenFor } from '@kemitraan/testing/http/tokens';
import { secretVerifier, Unauthenticated, type TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

const operator: Actor = { sub: 'op-1', name: 'Operator', roles: ['operator'], unit: 'LAPAS-TAKALAR' };

/** The real verifier, counting the tokens it is asked to verify. */
function countingVerifier(): TokenVerifier & { calls: number } {
  const verifier = secretVerifier(new TextEncoder().encode(TEST_JWT_SECRET));
  const counting = {
    calls: 0,
    verify: (token: string) => {
      counting.calls += 1;
      return verifier.verify(token);
    },
  };
  return counting;
}

function verifiedTokens(max = 100) {
  const verifier = countingVerifier();
  const clock = { now: Date.now() };
  const tokens = new VerifiedTokens(verifier, { max, maxAgeMs: 60_000, now: () => clock.now });
  return { verifier, clock, tokens };
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

describe('verified tokens', () => {
  it('verifies a token once, and answers the same actor for it after', async () => {
    const { verifier, tokens } = verifiedTokens();
    const token = await tokenFor(operator);
    await expect(tokens.verify(token)).resolves.toEqual(operator);
    await expect(tokens.verify(token)).resolves.toEqual(operator);
    expect(verifier.calls).toBe(1);
  });

  it('verifies every token it refused again, and a token altered after one was accepted', async () => {
    const { verifier, tokens } = verifiedTokens();
    const forged = await tokenFor(operator, { secret: 'another-secret-of-at-least-32-bytes-long' });
    await expect(tokens.verify(forged)).rejects.toThrow('The token signature is not valid.');
    await expect(tokens.verify(forged)).rejects.toThrow('The token signature is not valid.');
    expect(verifier.calls).toBe(2);
    const token = await tokenFor(operator);
    await tokens.verify(token);
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verify(altered)).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('refuses a kept token once it has expired, with the clock tolerance the verifier allows', async () => {
    const { verifier, clock, tokens } = verifiedTokens();
    const exp = nowInSeconds() + 30;
    const token = await tokenFor(operator, { expiresIn: exp });
    await tokens.verify(token);
    clock.now = (exp + 4) * 1000;
    await expect(tokens.verify(token)).resolves.toEqual(operator);
    clock.now = (exp + 5) * 1000;
    await expect(tokens.verify(token)).rejects.toThrow('The token has expired.');
    expect(verifier.calls).toBe(1);
  });

  it('verifies a kept token again after the longest time a verification stands', async () => {
    const { verifier, clock, tokens } = verifiedTokens();
    const token = await tokenFor(operator);
    const start = clock.now;
    await tokens.verify(token);
    clock.now = start + 59_999;
    await tokens.verify(token);
    expect(verifier.calls).toBe(1);
    clock.now = start + 60_000;
    await tokens.verify(token);
    expect(verifier.calls).toBe(2);
  });

  it('keeps at most as many tokens as it is told, forgetting the least recently used', async () => {
    const { verifier, tokens } = verifiedTokens(2);
    const [first, second, third] = await Promise.all(['a', 'b', 'c'].map((sub) => tokenFor({ ...operator, sub })));
    for (const token of [first!, second!, third!, first!]) await tokens.verify(token);
    expect(verifier.calls).toBe(4);
    await tokens.verify(third!);
    expect(verifier.calls).toBe(4);
  });
});
