import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Database, type DatabaseOptions } from './database';

export const DATABASE = Symbol('Database');
export const PG_POOL = Symbol('PgPool');
/** The pool of heavy reads (Database.readPool). */
export const READ_POOL = Symbol('ReadPool');

@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Runs after the HTTP server has drained its requests. */
  onApplicationShutdown(): Promise<void> {
    return this.database.close();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DATABASE, useFactory: () => Database.open(options) },
        { provide: PG_POOL, useFactory: (database: Database) => database.pool, inject: [DATABASE] },
        { provide: READ_POOL, useFactory: (database: Database) => database.readPool, inject: [DATABASE] },
        DatabaseShutdown,
      ],
      exports: [DATABASE, PG_POOL, READ_POOL],
    };
  }
}
