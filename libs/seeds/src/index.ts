export * from './people';
export * from './stories/index';
