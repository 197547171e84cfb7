import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgreementStates } from './application/command-handling/agreement-states';
import { CommandHandling } from './application/command-handling/command-handling';
import { GetAgreementHistoryHandler } from './application/get-agreement-history/get-agreement-history.handler';
import { GetAgreementHandler } from './application/get-agreement/get-agreement.handler';
import { CLOCK, systemClock } from './application/ports/clock.port';
import { ProposeAgreementHandler } from './application/propose-agreement/propose-agreement.handler';
import { RenewAgreementHandler } from './application/renew-agreement/renew-agreement.handler';
import { MoveAgreementHandler } from './application/move-agreement/move-agreement.handler';
import { VerifyAgreementHandler } from './application/verify-agreement/verify-agreement.handler';

const PROVIDERS = [
  { provide: CLOCK, useValue: systemClock },
  AgreementStates,
  CommandHandling,
  ProposeAgreementHandler,
  MoveAgreementHandler,
  RenewAgreementHandler,
  GetAgreementHandler,
  GetAgreementHistoryHandler,
  VerifyAgreementHandler,
];

/** Agreement commands and reads over the CommandBus and QueryBus. */
@Module({})
export class AgreementsModule {
  /**
   * @param infrastructure modules that export EVENT_STORE and UNIT_DIRECTORY, chosen by the
   * composition root.
   */
  static withInfrastructure(infrastructure: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return { module: AgreementsModule, imports: [CqrsModule, ...infrastructure], providers: PROVIDERS };
  }
}
