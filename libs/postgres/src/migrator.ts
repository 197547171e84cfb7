import type { Pool, PoolClient } from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import { inTransaction } from './transaction';
import { MIGRATIONS, type Migration } from './migrations';

/** Any fixed number: every process that migrates this database takes the same lock. */
const MIGRATION_LOCK = 7_263_548_001;

function storageOn(client: PoolClient): UmzugStorage {
  return {
    executed: async () =>
      (await client.query<{ name: string }>('select name from schema_migrations order by name')).rows.map(
        (r) => r.name,
      ),
    logMigration: async ({ name }) => {
      await client.query('insert into schema_migrations (name) values ($1)', [name]);
    },
    unlogMigration: async ({ name }) => {
      await client.query('delete from schema_migrations where name = $1', [name]);
    },
  };
}

/**
 * Applies the pending migrations in one transaction, under an advisory lock, so several
 * processes starting together on one database migrate it once. Returns the names applied.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const umzug = new Umzug({
      migrations: migrations.map((m) => ({ name: m.name, up: async () => void (await client.query(m.up)) })),
      storage: storageOn(client),
      logger: undefined,
    });
    const applied = await umzug.up();
    return applied.map((m) => m.name);
  });
}
