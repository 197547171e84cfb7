import type { Migration } from './migration';

/**
 * Read-model rows up to a page's size are stored as they are, not compressed. An agreement's row
 * is about 3 KB of `jsonb`: over PostgreSQL's default 2 KB threshold, so every write compressed
 * it (pglz) and every list, filter and report decompressed it again. Measured (see
 * docs/performance-notes.md): on 48,388 agreements the list and reports that read every row took
 * about half the time and the table was about a quarter larger; storing 100,000 rows took about
 * half the time. Larger rows are still compressed when they compress. Rows written before this
 * change stay compressed until they are written again (a rebuild writes them all).
 */
export const readModelRowsUncompressed: Migration = {
  name: '0007-read-model-rows-uncompressed',
  up: `alter table projection_rows set (toast_tuple_target = 8160);`,
};
