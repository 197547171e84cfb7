import { Injectable } from '@nestjs/common';
import { IdempotencyKeyReused, type UnitDirectory, type UnitRef } from '@kemitraan/agreements';
import { UnitAlreadyExists, UnitNotAParty, UnitNotFound, UnitRejected, UPT_KINDS, type Unit } from './unit';
import { UnitKeyTaken, UnitsRepository, type Registration } from './units.repository';

/** The register of units: reference data every agreement's scope is judged by. */
@Injectable()
export class UnitsService implements UnitDirectory {
  constructor(private readonly units: UnitsRepository) {}

  list(): Promise<Unit[]> {
    return this.units.list();
  }

  async find(code: string): Promise<Unit> {
    const [unit] = await this.units.findMany([code]);
    if (!unit) throw new UnitNotFound([code]);
    return unit;
  }

  async resolve(codes: readonly string[]): Promise<UnitRef[]> {
    const found = new Map((await this.units.findMany(codes)).map((u) => [u.code, u]));
    const missing = codes.filter((code) => !found.has(code));
    if (missing.length > 0) throw new UnitNotFound(missing);
    const offices = codes.map((code) => found.get(code)!).filter((unit) => !UPT_KINDS.has(unit.kind));
    if (offices.length > 0) throw new UnitNotAParty(offices);
    return codes.map((code) => ({ code, kanwil: found.get(code)!.kanwil }));
  }

  /**
   * A UPT belongs to an existing Kanwil; a Kanwil or headquarters is its own. A registration
   * retried with its Idempotency-Key answers the first unit again.
   */
  async register(unit: Unit, registration: Registration): Promise<Unit> {
    const earlier = await this.replay(registration);
    if (earlier) return earlier;
    if (!UPT_KINDS.has(unit.kind)) {
      if (unit.kanwil !== unit.code) throw new UnitRejected('kanwil', `A ${unit.kind} names itself as its kanwil.`);
    } else {
      const kanwil = await this.find(unit.kanwil);
      if (kanwil.kind !== 'KANWIL')
        throw new UnitRejected('kanwil', `${unit.kanwil} is a ${kanwil.kind}, not a KANWIL.`);
    }
    try {
      await this.units.insert(unit, registration);
      return unit;
    } catch (error) {
      if (error instanceof UnitKeyTaken) return (await this.replay(registration))!;
      // A retry that raced its first try to the code: the first try's answer, once it is kept.
      if (error instanceof UnitAlreadyExists) {
        const first = await this.replay(registration);
        if (first) return first;
      }
      throw error;
    }
  }

  private async replay({ by, idempotency }: Registration): Promise<Unit | null> {
    if (!idempotency) return null;
    const earlier = await this.units.findRegistration(by, idempotency.key);
    if (!earlier) return null;
    if (earlier.fingerprint !== idempotency.fingerprint) throw new IdempotencyKeyReused(idempotency.key);
    return earlier.result;
  }
}
