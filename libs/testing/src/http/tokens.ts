import { SignJWT } from 'jose';
import type { Actor } from '@kemitraan/agreements/domain';

export const TEST_JWT_SECRET = 'kemitraan-test-secret-of-at-least-32-bytes!';

/** A bearer token for an actor, signed as the server under test expects (or as told otherwise). */
export function tokenFor(
  actor: Actor,
  options: { secret?: string; expiresIn?: string | number; notBefore?: string | number } = {},
): Promise<string> {
  const jwt = new SignJWT({ name: actor.name, roles: [...actor.roles], unit: actor.unit })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}
