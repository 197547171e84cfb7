import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_ROWS } from './checkpoint.sql';
import type { ReadModelIds } from './checkpoint-writes';

/**
 * A field in COPY's text format: a backslash, and the characters that end a field or a line,
 * written as their backslash escapes (PostgreSQL's documentation of COPY, "Text Format").
 */
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const field = (text: string): string => text.replace(SPECIAL, (c) => ESCAPES[c]!);

/**
 * A row's JSON as a field: JSON text never holds a raw tab or line break, so only backslashes
 * change, and most rows have none (a plain search is cheaper than the pattern).
 */
const jsonField = (json: string): string => (json.includes('\\') ? json.replace(/\\/g, '\\\\') : json);

/**
 * How long a chunk handed to the stream may grow: few socket writes, and each chunk well below
 * V8's limit for an ordinary heap object (128 KB, or 64 K characters if any is outside Latin-1).
 * A larger string goes to the large-object space, which only a full collection frees: chunks of
 * 100 agreement rows (about 230 KB) cost twice the CPU per row (docs/performance-notes.md).
 */
export const COPY_CHUNK_CHARS = 32_768;

/** COPY's input for `rows`: whole lines, in chunks that pass COPY_CHUNK_CHARS only by their last line. */
export function* copyChunks(ids: ReadModelIds, rows: ReadonlyMap<string, object>): Generator<string> {
  const prefix = `${field(ids[0])}\t${ids[1]}\t`;
  let chunk = '';
  for (const [key, row] of rows) {
    chunk += `${prefix}${field(key)}\t${jsonField(JSON.stringify(row))}\n`;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Inserts rows under keys the read model has no row under, by COPY: PostgreSQL takes them at about
 * half the CPU of an upsert from `jsonb_to_recordset` (docs/performance-notes.md). A key that does
 * have a row fails the whole statement on the primary key, so nothing is ever silently replaced.
 */
export async function copyRows(
  client: PoolClient,
  ids: ReadModelIds,
  rows: ReadonlyMap<string, object>,
): Promise<void> {
  if (rows.size === 0) return;
  await pipeline(Readable.from(copyChunks(ids, rows)), client.query(copyFrom(COPY_ROWS)));
}
