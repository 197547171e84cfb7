import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
import { AgreementIdPipe } from './agreement-id.pipe';
import { AgreementAsOfDto } from './dto/agreement-query.dto';

/** Reads of one agreement, from its own events: they include every command already answered. */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/agreements/:id')
export class AgreementReadsController {
  constructor(private readonly queries: QueryBus) {}

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

  @Get('history')
  history(@Param('id', AgreementIdPipe) id: string): Promise<HistoryEntry[]> {
    return this.queries.execute(new GetAgreementHistoryQuery(id));
  }

  @Get('verification')
  verification(@Param('id', AgreementIdPipe) id: string): Promise<ChainVerification> {
    return this.queries.execute(new VerifyAgreementQuery(id));
  }
}
