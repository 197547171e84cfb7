import { SetMetadata } from '@nestjs/common';
import type { Role } from '@kemitraan/agreements';

export const PUBLIC_ROUTE = 'kemitraan:public';
export const REQUIRED_ROLES = 'kemitraan:roles';

/** A route anyone may call without a token (health checks). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A route only users holding one of these roles may call (on top of domain rules). */
export const RequireRoles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
