/** The six stages of an agreement and the three ways out of them (PRODUCT.md). */
export const LIFECYCLE_STATES = [
  'proposed',
  'audiensiHeld',
  'drafted',
  'signed',
  'inExecution',
  'reviewed',
  'closed',
  'withdrawn',
  'terminated',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];
