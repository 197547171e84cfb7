import { agreementIdOf } from '@kemitraan/agreements/application/agreement-streams';
import { EVENT_OUTCOME, type AgreementEventType, type LifecycleState } from '@kemitraan/agreements/domain';
import type { Projection } from '../projection';

export interface StageSample {
  readonly from: LifecycleState;
  readonly to: LifecycleState;
  readonly days: number;
}

/** Where an agreement stands, since when, and how long each stage it left took. */
export interface StageRow {
  readonly state: LifecycleState;
  readonly since: string;
  readonly proposedAt: string;
  readonly stages: readonly StageSample[];
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS;

function outcomeOf(type: string): LifecycleState {
  const outcome = EVENT_OUTCOME[type as AgreementEventType];
  if (!outcome) throw new Error(`Unknown agreement event ${type}.`);
  return outcome;
}

/**
 * Each move between states is one sample of its stage, timed by when the events were recorded.
 * The first signing is also a sample of the whole way from proposal to signing.
 */
export const stageDurationsProjection: Projection<StageRow> = {
  name: 'stage-durations',
  oneStreamPerRow: true,
  keyOf: (event) => agreementIdOf(event.streamId),
  apply: (row, event) => {
    const to = outcomeOf(event.type);
    const at = event.metadata.at;
    if (row === null) {
      if (event.type !== 'AgreementProposed') throw new Error(`${event.type} before the agreement was proposed.`);
      return { state: to, since: at, proposedAt: at, stages: [] };
    }
    if (to === row.state) return row;
    const samples: StageSample[] = [{ from: row.state, to, days: daysBetween(row.since, at) }];
    if (to === 'signed' && !row.stages.some((s) => s.to === 'signed')) {
      samples.push({ from: 'proposed', to: 'signed', days: daysBetween(row.proposedAt, at) });
    }
    return { ...row, state: to, since: at, stages: [...row.stages, ...samples] };
  },
};
