import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Actor } from '@kemitraan/agreements';
import { CLOCK_TOLERANCE_SECONDS, Unauthenticated, type TokenVerifier } from './token-verifier';

export interface VerifiedTokensOptions {
  /** Tokens kept at most: the least recently used go first. */
  readonly max: number;
  /** Characters of token text kept at most, whatever the count: tokens may be up to a header's size. */
  readonly maxChars: number;
  /** How long a verification stands, at most, before the token is verified again. */
  readonly maxAgeMs: number;
  /** Milliseconds since the epoch, as jose reads the time for exp. */
  readonly now: () => number;
  /** Milliseconds on a clock that never goes back (the age of a verification, whatever the wall clock does). */
  readonly elapsed: () => number;
}

interface Verified {
  readonly actor: Actor;
  /** The token's exp, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** On the `elapsed` clock. */
  readonly verifiedAt: number;
}

/**
 * Remembers tokens verified lately, by their whole text: a user's client sends the same token with
 * every request, and verifying its signature again was 3 to 6 % of a command's CPU profile
 * (docs/performance-notes.md). Only a token the verifier accepted is kept, so an altered token
 * (another text) is always verified. A kept one still expires at its exp, as the verifier would
 * say; and after `maxAgeMs` it is verified again, so a signing key taken out of a JWKS is honoured
 * at most that much longer than jose alone would honour it (jose keeps a fetched JWKS for ten
 * minutes).
 */
export class VerifiedTokens implements TokenVerifier {
  private readonly verified: LRUCache<string, Verified>;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly options: VerifiedTokensOptions,
  ) {
    this.verified = new LRUCache({
      max: options.max,
      maxSize: options.maxChars,
      sizeCalculation: (_verified, token) => token.length,
    });
  }

  async verify(token: string): Promise<Actor> {
    const kept = this.verified.get(token);
    if (kept && this.options.elapsed() - kept.verifiedAt < this.options.maxAgeMs) {
      if (this.options.now() < kept.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000) return kept.actor;
      this.verified.delete(token);
      throw new Unauthenticated('The token has expired.');
    }
    const verifiedAt = this.options.elapsed();
    const actor = await this.verifier.verify(token);
    // The verifier required exp and checked it: decoding again only reads it.
    const { exp } = decodeJwt(token);
    // Every request with this token shares the actor: frozen, so that none can change it for the others.
    const shared = Object.freeze({ ...actor, roles: Object.freeze([...actor.roles]) });
    this.verified.set(token, { actor: shared, expiresAt: exp! * 1000, verifiedAt });
    return shared;
  }
}
