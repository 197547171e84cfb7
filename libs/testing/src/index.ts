export * from '@kemitraan/seeds';
export * from './decider/command-builder';
export * from './decider/given-when-then';
export * from './projections/projection-scenario';
export * from './projections/tally-projection';
export * from './fault-ledger';
