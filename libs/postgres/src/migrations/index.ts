import { eventLog } from './0001-event-log.migration';
import { units } from './0002-units.migration';
import { readModels } from './0003-read-models.migration';
import { agreementFilterIndex } from './0004-agreement-filter-index.migration';
import { agreementRegisterIndex } from './0005-agreement-register-index.migration';
import { readModelGenerationIndex } from './0006-read-model-generation-index.migration';
import { readModelRowsUncompressed } from './0007-read-model-rows-uncompressed.migration';
import { rebuildStreamPass } from './0008-rebuild-stream-pass.migration';
import { eventsDatedInOrder } from './0009-events-dated-in-order.migration';
import { eventsDatedAsTheServerDates } from './0010-events-dated-as-the-server-dates.migration';
import { ditjenpasUnit } from './0011-ditjenpas-unit.migration';
import type { Migration } from './migration';

/** Every schema change, in the order it is applied. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  eventLog,
  units,
  readModels,
  agreementFilterIndex,
  agreementRegisterIndex,
  readModelGenerationIndex,
  readModelRowsUncompressed,
  rebuildStreamPass,
  eventsDatedInOrder,
  eventsDatedAsTheServerDates,
  ditjenpasUnit,
];
export type { Migration } from './migration';
