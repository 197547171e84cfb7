import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  GetAgreementHistoryQuery,
  GetAgreementQuery,
  VerifyAgreementQuery,
  type AgreementSummary,
  type HistoryEntry,
} from '@kemitraan/agreements';
import type { ChainVerification } from '@kemitraan/event-store';
import type { FastifyReply } from 'fastify';
import { etagOf } from '../http/preconditions';
import { NothingExpectedPipe } from '../http/nothing-expected.pipe';
import { AgreementIdPipe } from './agreement-id.pipe';
import { EXPORT_SIGNING_KEY, type ExportSigningKey } from '../exports/export-signing-key';
import { historyExport } from '../exports/history-export';
import type { AuthenticatedRequest } from '../http/auth/auth.guard';
import { AgreementAsOfDto, HistoryFormatDto } from './dto/agreement-query.dto';

/** Reads of one agreement, from its own events: they include every command already answered. */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/agreements/:id')
export class AgreementReadsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EXPORT_SIGNING_KEY) private readonly exportKey: ExportSigningKey,
  ) {}

  @Get()
  async summary(
    @Param('id', AgreementIdPipe) id: string,
    @Query() query: AgreementAsOfDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementSummary> {
    const summary = await this.queries.execute(new GetAgreementQuery(id, query.asOf));
    reply.header('ETag', etagOf(summary.version));
    return summary;
  }

  /** `?format=jsonl`: the same trail as a signed file an auditor can verify offline. */
  @Get('history')
  @ApiOkResponse({
    description: 'The audit trail, oldest first; with `?format=jsonl`, the same as a signed file.',
    content: {
      // Its JSON's schema is written with every route's (openapi/read-schemas.ts).
      'application/jsonl': { schema: { type: 'string' } },
    },
  })
  async history(
    @Param('id', AgreementIdPipe) id: string,
    @Query() query: HistoryFormatDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[] | string> {
    const entries = await this.queries.execute(new GetAgreementHistoryQuery(id));
    if (query.format !== 'jsonl') return entries;
    reply.header('Content-Type', 'application/jsonl; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="kemitraan-history-${id}.jsonl"`);
    return historyExport(id, entries, this.exportKey, new Date().toISOString(), request.actor!.sub);
  }

  @Get('verification')
  verification(
    @Param('id', AgreementIdPipe) id: string,
    @Query(NothingExpectedPipe) _query: undefined,
  ): Promise<ChainVerification> {
    return this.queries.execute(new VerifyAgreementQuery(id));
  }
}
