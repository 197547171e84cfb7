import { SignJWT } from 'jose';

/** The secret the bench's servers verify tokens with (never used outside the bench). */
export const BENCH_SECRET = 'kemitraan-bench-secret-of-at-least-32-bytes';

/** A bearer token for a user of the bench, as an identity provider would sign it. */
export function benchToken(sub: string, claims: { name: string; roles: string[]; unit: string }): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BENCH_SECRET));
}
