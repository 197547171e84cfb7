import { COMMAND_ROLES, ROLES, type Role } from '@kemitraan/agreements';

/** Who may call a route: anyone (no token), or a verified user holding one of these roles. */
export type RouteAccess = 'public' | readonly Role[];

const EVERY_ROLE: readonly Role[] = ROLES;

const commandRoutes = Object.fromEntries(
  Object.entries(COMMAND_ROLES)
    .filter(([command]) => command !== 'proposal')
    .map(([command, roles]) => [`POST /api/agreements/:id/${command}`, roles]),
);

/**
 * The one permission table: the auth guard enforces it for every route, and the tests are
 * generated from it. A route missing here is refused to everyone (and fails the tests).
 * Commands take their roles from the domain's own table; the domain then checks the scope
 * (own unit, own Kanwil), the approval step and four eyes.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, RouteAccess>> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'GET /api/lifecycle': EVERY_ROLE,
  'GET /api/units': EVERY_ROLE,
  'GET /api/units/:code': EVERY_ROLE,
  'POST /api/units': ['admin'],
  'POST /api/agreements': COMMAND_ROLES.proposal,
  ...commandRoutes,
  'GET /api/agreements': EVERY_ROLE,
  'GET /api/agreements/:id': EVERY_ROLE,
  'GET /api/agreements/:id/history': EVERY_ROLE,
  'GET /api/agreements/:id/verification': EVERY_ROLE,
  'GET /api/export-key': EVERY_ROLE,
  'GET /api/reports/register': EVERY_ROLE,
  'GET /api/reports/pipeline': EVERY_ROLE,
  'GET /api/reports/pending-approvals': EVERY_ROLE,
  'GET /api/reports/expiring': EVERY_ROLE,
  'GET /api/reports/outputs': EVERY_ROLE,
  'GET /api/admin/projections': ['admin', 'auditor'],
  'POST /api/admin/projections/rebuild': ['admin'],
};

export const routeKey = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;
