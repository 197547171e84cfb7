import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgreementsModule } from '@kemitraan/agreements';
import { EventStoreModule, eventStoreChoice } from '@kemitraan/event-store';
import { DatabaseModule } from '@kemitraan/postgres';
import { ProjectionsModule } from '@kemitraan/projections';
import { UnitsModule } from '@kemitraan/units';

export interface CliOptions {
  readonly databaseUrl?: string;
  readonly eventStoreUrl?: string;
  readonly dataDir: string;
  /** Whether this process helps run the projections while it works. */
  readonly runProjections: boolean;
  /** The heap ceiling of the thread a rebuild runs in (0 or absent: this process's own thread). */
  readonly rebuildHeapMb?: number;
}

/** The application without HTTP: the same handlers, store and read models the server uses. */
@Module({})
export class CliModule {
  static forRoot(options: CliOptions): DynamicModule {
    const logger = new Logger('Database');
    const log = { info: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), debug: () => undefined };
    const storeChoice = eventStoreChoice(options.eventStoreUrl);
    const eventStore = EventStoreModule.forRoot(storeChoice);
    return {
      module: CliModule,
      imports: [
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({ url: options.databaseUrl, dataDir: options.dataDir, log }),
        eventStore,
        UnitsModule,
        AgreementsModule.withInfrastructure([eventStore, UnitsModule]),
        ProjectionsModule.withInfrastructure([eventStore], {
          run: options.runProjections,
          rebuildThread: { heapMb: options.rebuildHeapMb ?? 0, store: storeChoice },
        }),
      ],
    };
  }
}
