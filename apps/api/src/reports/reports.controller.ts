import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ExpiringAgreementsQuery,
  OutputsReportQuery,
  PendingApprovalsQuery,
  PipelineReportQuery,
  RegisterReportQuery,
} from '@kemitraan/projections';
import type { FastifyReply } from 'fastify';
import {
  expiringTable,
  outputsTable,
  pendingApprovalsTable,
  pipelineTable,
  registerTable,
} from './downloads/report-tables';
import { ExpiringReportDto, OutputsReportDto, RegisterReportDto, ReportFormatDto } from './dto/report-query.dto';
import { reportAnswer } from './report-answer';

/** Every report answers JSON, or its rows as a download (API.md, Reports). */
const ReportAnswer = () =>
  ApiOkResponse({
    description: 'The report; with `?format=csv` or `?format=xlsx`, its rows as a download.',
    content: {
      // The JSON's schemas are written with every route's (openapi/read-schemas.ts).
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  });

/** The five reports, read models of the event log: they may trail a command by up to a second. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @ReportAnswer()
  @Get('register')
  async register(@Query() query: RegisterReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const groupBy = query.groupBy ?? 'unit';
    const report = await this.queries.execute(new RegisterReportQuery(groupBy));
    return reportAnswer(query.format, report, () => registerTable(groupBy, report), reply);
  }

  @ReportAnswer()
  @Get('pipeline')
  async pipeline(@Query() query: ReportFormatDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new PipelineReportQuery());
    return reportAnswer(query.format, report, () => pipelineTable(report), reply);
  }

  @ReportAnswer()
  @Get('pending-approvals')
  async pendingApprovals(@Query() query: ReportFormatDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new PendingApprovalsQuery());
    return reportAnswer(query.format, report, () => pendingApprovalsTable(report.rows), reply);
  }

  @ReportAnswer()
  @Get('expiring')
  async expiring(@Query() query: ExpiringReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new ExpiringAgreementsQuery(query.withinDays ?? 90));
    return reportAnswer(query.format, report, () => expiringTable(report.rows), reply);
  }

  @ReportAnswer()
  @Get('outputs')
  async outputs(@Query() query: OutputsReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const groupBy = query.groupBy ?? 'agreement';
    const report = await this.queries.execute(new OutputsReportQuery(groupBy));
    return reportAnswer(query.format, report, () => outputsTable(groupBy, report), reply);
  }
}
