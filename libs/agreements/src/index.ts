export * from './domain';
export * from './application';
export { AgreementsModule } from './agreements.module';
