import { join } from 'node:path';

/** The longest path of a Unix socket (sun_path is 108 bytes on Linux, the last one a NUL). */
const SOCKET_PATH_MAX = 107;

/**
 * Where the embedded PostgreSQL listens besides 127.0.0.1: a Unix socket in its own cluster
 * folder, which only this machine's users who can enter that folder reach, and which costs the
 * server far less per query than TCP over loopback. Null when the folder's path is too long for
 * a socket.
 */
export function socketDirectory(clusterDir: string, port: number): string | null {
  return join(clusterDir, `.s.PGSQL.${port}`).length <= SOCKET_PATH_MAX ? clusterDir : null;
}

/** The address of the embedded cluster: through its socket when it has one, else 127.0.0.1. */
export function embeddedUrl(clusterDir: string, password: string, port: number, database: string): URL {
  const url = new URL(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`);
  const socket = socketDirectory(clusterDir, port);
  if (socket) url.searchParams.set('host', socket);
  return url;
}
