import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
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

/** The five reports, read models of the event log: they may trail a command by up to a second. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('register')
  async register(@Query() query: RegisterReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const groupBy = query.groupBy ?? 'unit';
    const report = await this.queries.execute(new RegisterReportQuery(groupBy));
    return reportAnswer(query.format, report, () => registerTable(groupBy, report), reply);
  }

  @Get('pipeline')
  async pipeline(@Query() query: ReportFormatDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new PipelineReportQuery());
    return reportAnswer(query.format, report, () => pipelineTable(report), reply);
  }

  @Get('pending-approvals')
  async pendingApprovals(@Query() query: ReportFormatDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new PendingApprovalsQuery());
    return reportAnswer(query.format, report, () => pendingApprovalsTable(report.rows), reply);
  }

  @Get('expiring')
  async expiring(@Query() query: ExpiringReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.queries.execute(new ExpiringAgreementsQuery(query.withinDays ?? 90));
    return reportAnswer(query.format, report, () => expiringTable(report.rows), reply);
  }

  @Get('outputs')
  async outputs(@Query() query: OutputsReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const groupBy = query.groupBy ?? 'agreement';
    const report = await this.queries.execute(new OutputsReportQuery(groupBy));
    return reportAnswer(query.format, report, () => outputsTable(groupBy, report), reply);
  }
}
