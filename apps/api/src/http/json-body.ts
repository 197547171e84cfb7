import type { FastifyInstance } from 'fastify';
import { INEXACT_NUMBERS, inexactNumbers } from './inexact-numbers';

/**
 * Bodies are JSON (API.md), read by Fastify's own parser, which refuses `__proto__` and
 * `constructor.prototype` keys. A request that declares JSON but sends nothing is read as one
 * without a body, as one sent without the header already is: Fastify would refuse it (400), so a
 * client that always sets the header could not send a continuation or a rebuild, whose fields
 * are all optional. Nothing else is read: a form, XML or plain-text body is refused with 415
 * (Fastify would read plain text, which then failed validation as a body that is not an object).
 * Numbers that parsing changed are marked on the body, for its shape check to refuse.
 */
export function readJsonBodies(server: FastifyInstance): void {
  server.removeContentTypeParser('text/plain');
  const parseJson = server.getDefaultJsonParser('error', 'error');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    const text = body.toString();
    parseJson(request, text, (error, parsed) => {
      if (!error && parsed !== null && typeof parsed === 'object') {
        const inexact = inexactNumbers(text);
        if (inexact.length > 0) Object.defineProperty(parsed, INEXACT_NUMBERS, { value: inexact });
      }
      done(error, parsed);
    });
  });
}
