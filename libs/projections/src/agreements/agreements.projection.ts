import { agreementIdOf, toRecorded } from '@kemitraan/agreements/application/agreement-streams';
import { evolve, exists, initialState } from '@kemitraan/agreements/domain';
import type { Projection } from '../projection';
import { agreementRow, type AgreementRow } from './agreement-row';

/**
 * Every agreement as the domain folds it (the same `evolve` as the write side), with the keys
 * the list, the register and the other reports filter and group by.
 */
export const agreementsProjection: Projection<AgreementRow> = {
  name: 'agreements',
  keyOf: (event) => agreementIdOf(event.streamId),
  apply: (row, event) => {
    const state = evolve(row?.agreement ?? initialState(), toRecorded(event));
    if (!exists(state)) throw new Error(`${event.type} left agreement ${event.streamId} without a state.`);
    return agreementRow(state);
  },
};
