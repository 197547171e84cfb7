import { Module } from '@nestjs/common';
import { UNIT_DIRECTORY } from '@kemitraan/agreements';
import { UnitsRepository } from './units.repository';
import { UnitsService } from './units.service';

@Module({
  providers: [UnitsRepository, UnitsService, { provide: UNIT_DIRECTORY, useExisting: UnitsService }],
  exports: [UnitsService, UNIT_DIRECTORY],
})
export class UnitsModule {}
