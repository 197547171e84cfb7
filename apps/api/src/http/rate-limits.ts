import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { problem, ProblemException } from './problem';

/** RATE_LIMIT requests per minute, counted per user and per client address, in this process. */
@Injectable()
export class RateLimits {
  private readonly perUser: RateLimiterMemory | null;
  private readonly perAddress: RateLimiterMemory | null;

  constructor(perMinute: number) {
    const limiter = () => new RateLimiterMemory({ points: perMinute, duration: 60 });
    this.perUser = perMinute > 0 ? limiter() : null;
    this.perAddress = perMinute > 0 ? limiter() : null;
  }

  consumeUser(sub: string): Promise<void> {
    return this.consume(this.perUser, `user:${sub}`, 'user');
  }

  consumeAddress(address: string): Promise<void> {
    return this.consume(this.perAddress, `address:${address}`, 'client address');
  }

  private async consume(limiter: RateLimiterMemory | null, key: string, who: string): Promise<void> {
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new ProblemException(
        problem(
          429,
          'too-many-requests',
          'Too Many Requests',
          `Too many requests from this ${who}; try again in ${seconds} s.`,
        ),
        { 'Retry-After': String(seconds) },
      );
    }
  }
}
