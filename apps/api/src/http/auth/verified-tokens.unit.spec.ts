import type { Actor } from '@kemitraan/agreements';
import { TEST_JWT_SECRET, tokenFor } from '@kemitraan/testing/http/tokens';
import { secretVerifier, Unauthenticated, type TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

const operator: Actor = { sub: 'op-1', name: 'Operator', roles: ['operator'], unit: 'LAPAS-TAKALAR' };
const keyOf = (secret: string) => new TextEncoder().encode(secret);
const OTHER_SECRET = 'another-secret-of-at-least-32-bytes-long';

/** The real verifier, counting the tokens it is asked to verify; its key may be replaced, as a JWKS's is. */
function countingVerifier(): TokenVerifier & { calls: number; keyReplaced(): void } {
  let verifier = secretVerifier(keyOf(TEST_JWT_SECRET));
  const counting = {
    calls: 0,
    verify: (token: string) => {
      counting.calls += 1;
      return verifier.verify(token);
    },
    keyReplaced: () => {
      verifier = secretVerifier(keyOf(OTHER_SECRET));
    },
  };
  return counting;
}

function verifiedTokens(limits: { max?: number; maxChars?: number } = {}) {
  const verifier = countingVerifier();
  const clock = { now: Date.now(), elapsed: 0 };
  const tokens = new VerifiedTokens(verifier, {
    max: limits.max ?? 100,
    maxChars: limits.maxChars ?? 1_000_000,
    maxAgeMs: 60_000,
    now: () => clock.now,
    elapsed: () => clock.elapsed,
  });
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
    const forged = await tokenFor(operator, { secret: OTHER_SECRET });
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

  it('verifies a kept token again after the longest time a verification stands, and refuses it if its key is gone', async () => {
    const { verifier, clock, tokens } = verifiedTokens();
    const token = await tokenFor(operator);
    await tokens.verify(token);
    verifier.keyReplaced();
    clock.elapsed = 59_999;
    await expect(tokens.verify(token)).resolves.toEqual(operator);
    expect(verifier.calls).toBe(1);
    clock.elapsed = 60_000;
    await expect(tokens.verify(token)).rejects.toThrow('The token signature is not valid.');
    expect(verifier.calls).toBe(2);
    await expect(tokens.verify(token)).rejects.toThrow('The token signature is not valid.');
  });

  it('ages a verification on its own clock, not the wall clock, which may be set back', async () => {
    const { verifier, clock, tokens } = verifiedTokens();
    const token = await tokenFor(operator);
    await tokens.verify(token);
    clock.now -= 3_600_000;
    clock.elapsed = 60_000;
    await tokens.verify(token);
    expect(verifier.calls).toBe(2);
  });

  it('keeps at most as many tokens as it is told, forgetting the least recently used', async () => {
    const { verifier, tokens } = verifiedTokens({ max: 2 });
    const [first, second, third] = await Promise.all(['a', 'b', 'c'].map((sub) => tokenFor({ ...operator, sub })));
    for (const token of [first!, second!, third!, first!]) await tokens.verify(token);
    expect(verifier.calls).toBe(4);
    await tokens.verify(third!);
    expect(verifier.calls).toBe(4);
  });

  it('keeps at most as many characters of token text as it is told, whatever the count', async () => {
    const first = await tokenFor(operator);
    const second = await tokenFor({ ...operator, sub: 'op-2' });
    const { verifier, tokens } = verifiedTokens({ maxChars: first.length + second.length - 1 });
    for (const token of [first, second, first]) await tokens.verify(token);
    expect(verifier.calls).toBe(3);
  });

  it('answers an actor no request can change for the others', async () => {
    const { tokens } = verifiedTokens();
    const token = await tokenFor(operator);
    const actor = await tokens.verify(token);
    expect(() => (actor.roles as string[]).push('admin')).toThrow(TypeError);
    expect(() => Object.assign(actor, { unit: 'DITJENPAS' })).toThrow(TypeError);
    await expect(tokens.verify(token)).resolves.toEqual(operator);
  });
});
