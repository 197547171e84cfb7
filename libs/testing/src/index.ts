export * from './fixtures/actors';
export * from './fixtures/seed-stories/index';
export * from './decider/command-builder';
export * from './decider/given-when-then';
