export * from '@kemitraan/seeds';
export * from './decider/command-builder';
export * from './decider/given-when-then';
