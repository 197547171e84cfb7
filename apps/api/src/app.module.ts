import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule, type Params as LoggingParams } from 'nestjs-pino';
import { AgreementsModule } from '@kemitraan/agreements';
import { EventStoreModule, eventStoreChoice } from '@kemitraan/event-store';
import { DatabaseModule } from '@kemitraan/postgres';
import { ProjectionsModule } from '@kemitraan/projections';
import { UnitsModule } from '@kemitraan/units';
import { ProjectionsController } from './admin/projections.controller';
import { AgreementListController } from './agreements/agreement-list.controller';
import { AgreementCommandsController } from './agreements/agreement-commands.controller';
import { AgreementReadsController } from './agreements/agreement-reads.controller';
import { LifecycleController } from './agreements/lifecycle.controller';
import type { AppConfig } from './config/app-config';
import { requestStop } from './shutdown';
import { ExportsModule } from './exports/exports.module';
import { HealthController } from './health/health.controller';
import { AuthModule } from './http/auth/auth.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestValidationPipe } from './http/validation';
import { ReportsController } from './reports/reports.controller';
import { UnitsController } from './units/units.controller';

/**
 * The embedded PostgreSQL died and could not be started again: the server stops as on SIGTERM
 * (shutdown.ts), but with a failure's exit code, for a service manager to start it afresh.
 */
function stopForGood(reason: string): void {
  new Logger('Database').error(`${reason}. Stopping the server; start it again once PostgreSQL can run.`);
  process.exitCode = 1;
  requestStop('PostgreSQL could not be brought back');
}

/** The composition root: adapters chosen from configuration read once. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logging: LoggingParams): DynamicModule {
    const logger = new Logger('Database');
    const log = {
      info: (m: string) => logger.log(m),
      warn: (m: string) => logger.warn(m),
      debug: (m: string) => logger.debug(m),
    };
    const storeChoice = eventStoreChoice(config.eventStoreUrl);
    const eventStore = EventStoreModule.forRoot(storeChoice);
    const { run, rebuildHeapMb, rebuildWhenBehind } = config.projections;
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(logging),
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        DatabaseModule.forRoot({
          url: config.databaseUrl,
          dataDir: config.dataDir,
          readPoolSize: config.readConnections,
          log,
          onLost: stopForGood,
        }),
        eventStore,
        UnitsModule,
        AgreementsModule.withInfrastructure([eventStore, UnitsModule]),
        ProjectionsModule.withInfrastructure(
          [eventStore],
          { run, rebuildThread: { heapMb: rebuildHeapMb, store: storeChoice }, rebuildWhenBehind },
          config.reportTimeZone,
        ),
        AuthModule.forRoot(config),
        ExportsModule.forRoot(config),
      ],
      controllers: [
        AgreementListController,
        AgreementCommandsController,
        AgreementReadsController,
        LifecycleController,
        ReportsController,
        ProjectionsController,
        UnitsController,
        HealthController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}
