import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import {
  ActionForbidden,
  AgreementError,
  AlreadySigned,
  ApprovalNotAdmissible,
  ApprovalsMissing,
  BusinessDateInTheFuture,
  CommandNotAllowed,
  IdempotencyKeyReused,
  NeverSigned,
  NoDraftAwaitingSigning,
  PreconditionFailed,
  WritersContending,
} from '@kemitraan/agreements';
import { EventStoreUnavailable } from '@kemitraan/event-store';
import { failedToConnect, isUnavailable } from '@kemitraan/postgres';
import { UnitAlreadyExists, UnitNotAParty, UnitNotFound, UnitRejected } from '@kemitraan/units';
import { problem, ProblemException, type Problem } from './problem';

export interface MappedProblem {
  readonly problem: Problem;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The Retry-After of every 503, /health/ready's included. */
export const RETRY_SOON = { 'Retry-After': '1' };

/** What was asked, where an answer depends on it: a read (GET, HEAD) records nothing. */
export interface Asked {
  readonly read: boolean;
}

/** The one place errors become HTTP: each domain and application error by its code. */
function domainProblem(error: Error, asked: Asked): MappedProblem | null {
  if (error instanceof CommandNotAllowed) {
    const { state, allowed, command } = error;
    return { problem: problem(409, error.code, 'Command not allowed', error.message, { state, allowed, command }) };
  }
  if (error instanceof ApprovalsMissing) {
    const { missing, declined, refusedIn } = error;
    return {
      problem: problem(409, error.code, 'Approvals missing', error.message, { missing, declined, ...refusedIn }),
    };
  }
  if (error instanceof ApprovalNotAdmissible) {
    const { reason, currentDraftVersion, refusedIn } = error;
    const extensions = { reason, currentDraftVersion, ...refusedIn };
    return { problem: problem(409, error.code, 'Approval refused', error.message, extensions) };
  }
  if (error instanceof BusinessDateInTheFuture) {
    const errors = [{ field: error.field, message: error.message }];
    return { problem: problem(400, 'invalid-request', 'Bad Request', error.message, { errors }) };
  }
  if (error instanceof NoDraftAwaitingSigning) {
    const { currentDraftVersion, refusedIn } = error;
    return {
      problem: problem(409, error.code, 'No draft to sign', error.message, { currentDraftVersion, ...refusedIn }),
    };
  }
  if (error instanceof AlreadySigned) {
    const { signedOn, refusedIn } = error;
    return { problem: problem(409, error.code, 'Already signed', error.message, { signedOn, ...refusedIn }) };
  }
  if (error instanceof NeverSigned) {
    return { problem: problem(409, error.code, 'Never signed', error.message, { ...error.refusedIn }) };
  }
  if (error instanceof ActionForbidden) {
    return { problem: problem(403, error.code, 'Forbidden', error.message, { reason: error.reason }) };
  }
  if (error instanceof AgreementError) {
    const status = error.code === 'agreement-not-found' ? 404 : 409;
    return { problem: problem(status, error.code, status === 404 ? 'Not Found' : 'Conflict', error.message) };
  }
  if (error instanceof PreconditionFailed) {
    const extensions = { currentVersion: error.currentVersion };
    return { problem: problem(412, error.code, 'Precondition Failed', error.message, extensions) };
  }
  if (error instanceof IdempotencyKeyReused) {
    return { problem: problem(422, error.code, 'Idempotency key reused', error.message) };
  }
  if (error instanceof WritersContending) {
    return { problem: problem(503, error.code, 'Service Unavailable', error.message), headers: RETRY_SOON };
  }
  if (error instanceof UnitNotFound) {
    return { problem: problem(404, error.code, 'Not Found', error.message, { units: error.codes }) };
  }
  if (error instanceof UnitAlreadyExists) return { problem: problem(409, error.code, 'Conflict', error.message) };
  if (error instanceof UnitNotAParty) {
    const errors = [{ field: 'units', message: error.message }];
    return { problem: problem(400, 'invalid-request', 'Bad Request', error.message, { errors }) };
  }
  if (error instanceof UnitRejected) {
    const errors = [{ field: error.field, message: error.message }];
    return { problem: problem(400, 'invalid-request', 'Bad Request', error.message, { errors }) };
  }
  if (error instanceof EventStoreUnavailable || isUnavailable(error)) {
    const detail = asked.read
      ? 'The database is unavailable or stopped answering. Try again shortly.'
      : failedToConnect(error)
        ? 'The database is unavailable; nothing was written. Try again shortly.'
        : 'The database stopped answering; a command may or may not have been recorded. ' +
          'Retry it with the same Idempotency-Key, or read the agreement first.';
    return { problem: problem(503, 'store-unavailable', 'Service Unavailable', detail), headers: RETRY_SOON };
  }
  return null;
}

const isClientError = (status: unknown): status is number =>
  typeof status === 'number' && status >= 400 && status < 500;

/** Errors raised by the HTTP stack itself: Nest's exceptions and Fastify's (body too large, bad JSON). */
function httpProblem(error: Error): MappedProblem | null {
  let status: number;
  let detail: string;
  if (error instanceof HttpException) {
    status = error.getStatus();
    const body = error.getResponse();
    detail = String(typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message));
  } else if (isClientError((error as { statusCode?: unknown }).statusCode)) {
    status = (error as unknown as { statusCode: number }).statusCode;
    detail = error.message;
  } else {
    return null;
  }
  const title = STATUS_CODES[status] ?? 'Error';
  // Fastify's own detail repeats the title; say what the API does take.
  if (status === 415) detail = 'Bodies are JSON: send them with Content-Type: application/json.';
  if (status === 400)
    return { problem: problem(400, 'invalid-request', title, detail, { errors: [{ field: '', message: detail }] }) };
  return { problem: problem(status, title.toLowerCase().replace(/\W+/g, '-'), title, detail) };
}

export function toProblem(error: unknown, asked: Asked = { read: false }): MappedProblem {
  if (error instanceof ProblemException) return { problem: error.problem, headers: error.headers };
  if (error instanceof Error) {
    const mapped = domainProblem(error, asked) ?? httpProblem(error);
    if (mapped) return mapped;
  }
  return { problem: problem(500, 'internal', 'Internal Server Error', 'An unexpected error occurred; it was logged.') };
}
