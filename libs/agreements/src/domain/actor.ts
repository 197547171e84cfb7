export const ROLES = ['operator', 'upt_head', 'legal', 'kanwil_head', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The person behind a command, as the verified token names them. */
export interface Actor {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Code of the actor's unit: a UPT, a Kanwil, or DITJENPAS. */
  readonly unit: string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
