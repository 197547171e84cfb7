/** RFC 9457 problem details, the body of every error answer. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, code: string, title: string, detail: string, extensions: object = {}): Problem {
  return { type: `/problems/${code}`, title, status, detail, ...extensions };
}

/** A problem that is already decided where it was found (validation, authentication). */
export class ProblemException extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

export function invalidRequest(errors: readonly FieldError[], detail = 'The request is not valid.'): ProblemException {
  return new ProblemException(problem(400, 'invalid-request', 'Bad Request', detail, { errors }));
}
