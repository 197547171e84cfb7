import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import type { Actor } from '@kemitraan/agreements';
import { actorOf } from './actor.claims';

/** Why a bearer token was not accepted (401). */
export class Unauthenticated extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unauthenticated';
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

type Key = KeyLike | JWTVerifyGetKey;

/** How far the clocks of the token's issuer and of this server may disagree, for exp and nbf. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies JWTs with jose: the signature, the algorithm (no `none`), exp (required: a token
 * without one would never expire) and nbf, then the claims.
 */
class JoseTokenVerifier implements TokenVerifier {
  constructor(
    private readonly key: Key,
    private readonly algorithms: string[],
  ) {}

  async verify(token: string): Promise<Actor> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key as KeyLike, {
        algorithms: this.algorithms,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw new Unauthenticated(
        error instanceof joseErrors.JOSEError ? reasonOf(error) : 'The token could not be verified.',
      );
    }
    const actor = actorOf(payload);
    if (!actor) throw new Unauthenticated('The token lacks sub, name, roles or unit.');
    return actor;
  }
}

function reasonOf(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not valid.`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm that is not accepted.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  return 'The token is malformed.';
}

/** The secret is imported as a key once: jose would otherwise import it again for every request. */
export function secretVerifier(secret: Uint8Array): TokenVerifier {
  return new JoseTokenVerifier(createSecretKey(secret), ['HS256']);
}

export function jwksVerifier(jwksUrl: string): TokenVerifier {
  return new JoseTokenVerifier(createRemoteJWKSet(new URL(jwksUrl)), ['RS256', 'ES256']);
}
