import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NothingExpectedPipe } from '../http/nothing-expected.pipe';
import { EXPORT_ALGORITHM, EXPORT_SIGNING_KEY, type ExportSigningKey } from './export-signing-key';

/** The public key an auditor keeps, to verify history exports offline. */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/export-key')
export class ExportKeyController {
  constructor(@Inject(EXPORT_SIGNING_KEY) private readonly key: ExportSigningKey) {}

  @Get()
  publicKey(@Query(NothingExpectedPipe) _query: undefined): { alg: string; keyId: string; publicKeyPem: string } {
    return { alg: EXPORT_ALGORITHM, keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }
}
