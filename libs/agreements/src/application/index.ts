export * from './ports/clock.port';
export * from './ports/unit-directory.port';
export * from './command-handling/application.errors';
export * from './command-handling/command-request';
export * from './command-handling/command-handling';
export * from './command-handling/agreement-states';
export * from './propose-agreement/propose-agreement.command';
export * from './move-agreement/move-agreement.command';
export * from './renew-agreement/renew-agreement.command';
export * from './get-agreement/get-agreement.query';
export * from './get-agreement-history/get-agreement-history.query';
export * from './verify-agreement/verify-agreement.query';
export { agreementStream, agreementIdOf, toRecorded } from './agreement-streams';
export {
  firstInadmissibleFact,
  verifyHistory,
  type HistoryVerification,
  type InadmissibleFact,
} from './verify-agreement/admissible-history';
