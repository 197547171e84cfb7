import { STATUS_CODES } from 'node:http';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  RequestBodyObject,
  ResponseObject,
} from '@nestjs/swagger';
import { ROUTE_PERMISSIONS, routeKey } from '../http/auth/route-permissions';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { ANSWER_SCHEMAS } from './answer-schemas';
import { JSON_ANSWERS, READ_SCHEMAS } from './read-schemas';
import { ref } from './schema-parts';

const isAgreementCommand = (route: string) => route.startsWith('POST /api/agreements/:id/');
/** The routes whose requests carry a command's context: its Idempotency-Key and If-Match headers. */
const takesCommandContext = (route: string) =>
  isAgreementCommand(route) || route === 'POST /api/agreements' || route === 'POST /api/units';
const answersAgreement = (route: string) =>
  route === 'POST /api/agreements' || isAgreementCommand(route) || route === 'GET /api/agreements/:id';

/** When each error of API.md's "Errors" can come, by what the route is. */
function problemStatuses(route: string, isPublic: boolean): number[] {
  const statuses = [400];
  if (!isPublic) statuses.push(401, 403);
  if (route.includes('/:') || takesCommandContext(route)) statuses.push(404);
  if (isAgreementCommand(route) || route === 'POST /api/units') statuses.push(409);
  // On a creation too: an If-Match that names no version can never hold.
  if (takesCommandContext(route)) statuses.push(412);
  if (route.startsWith('POST ')) statuses.push(413, 415);
  if (takesCommandContext(route)) statuses.push(422);
  // Health checks are never limited, and /health answers without the store.
  if (!isPublic) statuses.push(429, 503);
  return statuses;
}

const header = (description: string, schema: object = { type: 'string' }) => ({ description, schema });

const IF_MATCH: ParameterObject = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'Apply only if the agreement is still at this version (its ETag, `"<version>"`); otherwise 412.',
  schema: { type: 'string', example: '"3"' },
};
const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Used again with the same body: the first answer again, nothing written; with another body: 422.',
  schema: { type: 'string', pattern: '^[!-~]{1,200}$' },
};

function describeProblems(operation: OperationObject, statuses: readonly number[]): void {
  for (const status of statuses) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    operation.responses[status] = {
      description: existing?.description || STATUS_CODES[status]!,
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': header('Seconds to wait.') } } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } },
    };
  }
}

function describeSuccess(operation: OperationObject, route: string): void {
  for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    if (!status.startsWith('2')) continue;
    const headers = { ...(response.headers ?? {}) };
    if (answersAgreement(route)) headers.ETag = header("The agreement's version, for If-Match.");
    if (status === '201') headers.Location = header('Where the new resource is read.');
    const json = answersAgreement(route) ? ref('AgreementSummary') : JSON_ANSWERS[route];
    if (json) response.content = { ...response.content, 'application/json': { schema: json } };
    response.headers = headers;
  }
}

/**
 * The server refuses fields a body's DTO does not name, at any depth; and a body whose fields
 * are all optional (a continuation, a renewal) may be left out.
 */
function describeBodies(document: OpenAPIObject, operation: OperationObject): void {
  const body = operation.requestBody as RequestBodyObject | undefined;
  const bodyRef = (body?.content['application/json']?.schema as { $ref?: string } | undefined)?.$ref;
  const schema = bodyRef && document.components?.schemas?.[bodyRef.split('/').pop()!];
  if (body && schema && !('$ref' in schema) && (schema.required ?? []).length === 0) body.required = false;
}

/**
 * What API.md says of every route, written into the document once rather than on each handler:
 * the problem+json answers each kind of route can give, the concurrency and retry headers of the
 * commands, and the agreement summary they answer with. Which routes are public comes from the
 * one permission table.
 */
export function describeCommonAnswers(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...ANSWER_SCHEMAS, ...READ_SCHEMAS },
  };
  for (const [name, schema] of Object.entries(document.components.schemas!)) {
    if (name.endsWith('Dto') && !('$ref' in schema)) schema.additionalProperties = false;
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = routeKey(method, path.replace(/\{(\w+)\}/g, ':$1'));
      const access = ROUTE_PERMISSIONS[route];
      if (access === undefined) continue;
      if (isAgreementCommand(route)) operation.parameters = [...(operation.parameters ?? []), IF_MATCH];
      if (takesCommandContext(route)) {
        operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
      }
      describeBodies(document, operation);
      describeSuccess(operation, route);
      describeProblems(operation, problemStatuses(route, access === 'public'));
    }
  }
  return document;
}
