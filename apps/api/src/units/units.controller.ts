import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UnitsService, type Unit } from '@kemitraan/units';
import type { FastifyReply } from 'fastify';
import { CommandContext, type CommandContextData } from '../http/command-context';
import { NothingExpectedPipe } from '../http/nothing-expected.pipe';
import { RegisterUnitDto } from './dto/register-unit.dto';
import { UnitCodePipe } from './unit-code.pipe';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list(@Query(NothingExpectedPipe) _query: undefined): Promise<Unit[]> {
    return this.units.list();
  }

  @Get(':code')
  find(@Param('code', UnitCodePipe) code: string, @Query(NothingExpectedPipe) _query: undefined): Promise<Unit> {
    return this.units.find(code);
  }

  @Post()
  async register(
    @Body() body: RegisterUnitDto,
    @CommandContext('creation') ctx: CommandContextData,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Unit> {
    const { code, name, kind, kanwil, province } = body;
    const registration = { by: ctx.actor.sub, ...(ctx.idempotency ? { idempotency: ctx.idempotency } : {}) };
    const unit = await this.units.register({ code, name, kind, kanwil, province }, registration);
    reply.header('Location', `/api/units/${encodeURIComponent(unit.code)}`);
    return unit;
  }
}
