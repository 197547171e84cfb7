import type { Migration } from './migration';

/**
 * Where a rebuild reading the log stream by stream has got to (pass-over-streams.ts): the horizon
 * it reads up to, and the last event it wrote of the stream it is in. Null when the rebuild of a
 * read model is not in such a pass; its position then says where it is in the log, as before.
 */
export const rebuildStreamPass: Migration = {
  name: '0008-rebuild-stream-pass',
  up: `
    alter table projection_checkpoints
      add column stream_pass_horizon bigint,
      add column stream_pass_stream text,
      add column stream_pass_version integer,
      add constraint projection_checkpoints_stream_pass_whole check (
        (stream_pass_horizon is null) = (stream_pass_stream is null)
        and (stream_pass_horizon is null) = (stream_pass_version is null));
  `,
};
