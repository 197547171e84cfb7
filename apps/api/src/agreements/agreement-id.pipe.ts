import { Injectable, type PipeTransform } from '@nestjs/common';
import { AgreementNotFound } from '@kemitraan/agreements';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Agreement ids are UUIDs; any other id names no agreement (404). */
@Injectable()
export class AgreementIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new AgreementNotFound(value);
    return value.toLowerCase();
  }
}
