import { isRole, type Actor } from '@kemitraan/agreements';
import type { JWTPayload } from 'jose';

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** The actor a verified token names, or null when a claim API.md requires is missing or malformed. */
export function actorOf(claims: JWTPayload): Actor | null {
  const { sub, name, roles, unit } = claims as Record<string, unknown>;
  if (!nonEmpty(sub) || !nonEmpty(name) || !nonEmpty(unit) || !Array.isArray(roles)) return null;
  if (!roles.every((role): role is string => typeof role === 'string')) return null;
  return { sub, name, roles: roles.filter(isRole), unit };
}
