import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Actor } from '@kemitraan/agreements';
import { CLOCK_TOLERANCE_SECONDS, Unauthenticated, type TokenVerifier } from './token-verifier';

export interface VerifiedTokensOptions {
  /** Tokens kept at most: the least recently used go first. */
  readonly max: number;
  /** How long a verification stands, at most, before the token is verified again. */
  readonly maxAgeMs: number;
  /** Milliseconds since the epoch, as jose reads the time. */
  readonly now: () => number;
}

interface Verified {
  readonly actor: Actor;
  /** The token's exp, in milliseconds. */
  readonly expiresAt: number;
  readonly verifiedAt: number;
}

/**
 * Remembers tokens verified lately, by their whole text: a user's client sends the same token with
 * every request, and verifying its signature again was about a twentieth of a command's CPU
 * (docs/performance-notes.md). Only a token the verifier accepted is kept, so an altered token
 * (another text) is always verified. A kept one still expires at its exp, as the verifier would
 * say; and after `maxAgeMs` it is verified again, so that a signing key taken out of a JWKS stops
 * being honoured within that time (jose keeps a fetched JWKS for ten minutes anyway).
 */
export class VerifiedTokens implements TokenVerifier {
  private readonly verified: LRUCache<string, Verified>;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly options: VerifiedTokensOptions,
  ) {
    this.verified = new LRUCache({ max: options.max });
  }

  async verify(token: string): Promise<Actor> {
    const now = this.options.now();
    const kept = this.verified.get(token);
    if (kept && now - kept.verifiedAt < this.options.maxAgeMs) {
      if (now < kept.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000) return kept.actor;
      this.verified.delete(token);
      throw new Unauthenticated('The token has expired.');
    }
    const actor = await this.verifier.verify(token);
    // The verifier required exp and checked it: decoding again only reads it.
    const { exp } = decodeJwt(token);
    this.verified.set(token, { actor: Object.freeze(actor), expiresAt: exp! * 1000, verifiedAt: now });
    return actor;
  }
}
