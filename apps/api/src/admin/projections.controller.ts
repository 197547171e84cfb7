import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ProjectionStatusQuery,
  RebuildReadModelsCommand,
  type Generations,
  type ProjectionStatus,
} from '@kemitraan/projections';
import { NothingExpectedPipe } from '../http/nothing-expected.pipe';

/** Operations on the read models: where each stands, and a rebuild from the log without downtime. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/projections')
export class ProjectionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  status(@Query(NothingExpectedPipe) _query: undefined): Promise<ProjectionStatus[]> {
    return this.queries.execute(new ProjectionStatusQuery());
  }

  /** Answers at once; reads keep coming from the old copy until the new one has caught up. */
  @Post('rebuild')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Started: reads keep coming from the live generation until the one building has caught up.',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['rebuilding'] },
        live: { type: 'integer' },
        building: { type: 'integer', nullable: true },
      },
    },
  })
  async rebuild(
    @Query(NothingExpectedPipe) _query: undefined,
    @Body(NothingExpectedPipe) _body: undefined,
  ): Promise<{ status: 'rebuilding'; live: number; building: number | null }> {
    const generations: Generations = await this.commands.execute(new RebuildReadModelsCommand());
    return { status: 'rebuilding', ...generations };
  }
}
