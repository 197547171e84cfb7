import type { FastifyInstance } from 'fastify';

/**
 * Lets a shutdown end once the requests in flight are answered. Node closes only the connections
 * idle when the server starts closing: one that was busy stays open after its answer until its
 * keep-alive timeout (72 s), past the 30 s a service manager allows, so each answer sent while
 * closing says `Connection: close`. Requests that still reach the server meanwhile (sent behind
 * another on a kept-alive connection) are served as any other, rather than refused with a 503
 * body outside the contract (Fastify's `return503OnClosing`, turned off in server.ts).
 */
export function closeConnectionsWhenDraining(server: FastifyInstance): void {
  let draining = false;
  server.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  // A callback, not an async function: it runs on every answer, and needs no promise.
  server.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
}
