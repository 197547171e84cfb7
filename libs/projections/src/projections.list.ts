import { agreementsProjection } from './agreements/agreements.projection';
import { executionOutputsProjection } from './execution-outputs/execution-outputs.projection';
import type { AnyProjection } from './projection';
import { stageDurationsProjection } from './stage-durations/stage-durations.projection';

/** Every read model the reports are answered from. */
export const PROJECTIONS: readonly AnyProjection[] = [
  agreementsProjection,
  stageDurationsProjection,
  executionOutputsProjection,
];
