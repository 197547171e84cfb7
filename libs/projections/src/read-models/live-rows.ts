import { LIVE_GENERATION } from '../generations/generations.sql';

/**
 * The rows of one read model in the generation that answers reads, as a FROM item named `alias`.
 * Resolving the generation inside the statement keeps each read on one generation, whatever a
 * rebuild switches meanwhile.
 */
export const liveRows = (projection: string, alias = 'r'): string =>
  `(select key, row from projection_rows where projection = '${projection}' and generation = ${LIVE_GENERATION}) as ${alias}`;
