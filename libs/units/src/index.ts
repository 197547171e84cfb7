export * from './unit';
export { UnitsService } from './units.service';
export { UnitsModule } from './units.module';
