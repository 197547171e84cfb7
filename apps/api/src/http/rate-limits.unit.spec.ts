import { ProblemException } from './problem';
import { RateLimits } from './rate-limits';

describe('rate limits', () => {
  it('counts each user apart: a sixth request from one user in a minute is refused, another user goes on', async () => {
    const limits = new RateLimits(5);
    for (let i = 0; i < 5; i++) await limits.consumeUser('a');
    const refused = await limits.consumeUser('a').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).problem.status).toBe(429);
    expect(Number((refused as ProblemException).headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    await expect(limits.consumeUser('b')).resolves.toBeUndefined();
  });

  it('counts addresses apart from users', async () => {
    const limits = new RateLimits(1);
    await limits.consumeUser('a');
    await expect(limits.consumeAddress('10.0.0.1')).resolves.toBeUndefined();
    await expect(limits.consumeAddress('10.0.0.1')).rejects.toBeInstanceOf(ProblemException);
  });

  it('limits nothing with RATE_LIMIT=0', async () => {
    const limits = new RateLimits(0);
    for (let i = 0; i < 100; i++) await limits.consumeUser('a');
  });
});
