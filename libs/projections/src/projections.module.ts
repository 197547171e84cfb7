import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { CLOCK, systemClock } from '@kemitraan/agreements';
import { READ_POOL } from '@kemitraan/postgres';
import { ExpiringAgreementsHandler, PendingApprovalsHandler } from './agreements/approval-and-expiry-reports.handler';
import { ListAgreementsHandler } from './agreements/list-agreements.handler';
import { RegisterReportHandler } from './agreements/register-report.handler';
import { OutputsReportHandler } from './execution-outputs/outputs-report.handler';
import { ProjectionStatusHandler } from './operations/projection-status.handler';
import { RebuildReadModelsHandler } from './operations/rebuild-read-models.handler';
import { PROJECTION_WORKER_OPTIONS, ProjectionWorker, type ProjectionWorkerOptions } from './projection-worker';
import { ReadModelReader } from './read-models/read-model-reader';
import { PipelineReportHandler } from './stage-durations/pipeline-report.handler';
import { DEFAULT_REPORTING_TIME_ZONE, REPORTING_TIME_ZONE } from './agreements/reporting-calendar';

const HANDLERS = [
  ListAgreementsHandler,
  RegisterReportHandler,
  PipelineReportHandler,
  PendingApprovalsHandler,
  ExpiringAgreementsHandler,
  OutputsReportHandler,
  ProjectionStatusHandler,
  RebuildReadModelsHandler,
];

/** The read side: projection runners, and the queries and reports answered from their rows. */
@Module({})
export class ProjectionsModule {
  /**
   * @param infrastructure modules that export EVENT_STORE, chosen by the composition root.
   * @param timeZone the IANA zone whose calendar says what day it is for the reports.
   */
  static withInfrastructure(
    infrastructure: NonNullable<ModuleMetadata['imports']>,
    options: ProjectionWorkerOptions,
    timeZone: string = DEFAULT_REPORTING_TIME_ZONE,
  ): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [CqrsModule, ...infrastructure],
      providers: [
        { provide: CLOCK, useValue: systemClock },
        { provide: REPORTING_TIME_ZONE, useValue: timeZone },
        { provide: PROJECTION_WORKER_OPTIONS, useValue: options },
        { provide: ReadModelReader, useFactory: (pool: Pool) => new ReadModelReader(pool), inject: [READ_POOL] },
        ProjectionWorker,
        ...HANDLERS,
      ],
      exports: [ProjectionWorker],
    };
  }
}
