import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kemitraan/agreements';
import { UnitsService, type Unit } from '@kemitraan/units';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../http/auth/current-actor.decorator';
import { RequireRoles } from '../http/auth/public.decorator';
import { RegisterUnitDto } from './dto/register-unit.dto';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list(): Promise<Unit[]> {
    return this.units.list();
  }

  @Get(':code')
  find(@Param('code') code: string): Promise<Unit> {
    return this.units.find(code);
  }

  @Post()
  @RequireRoles('admin')
  async register(
    @Body() body: RegisterUnitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Unit> {
    const { code, name, kind, kanwil, province } = body;
    const unit = await this.units.register({ code, name, kind, kanwil, province }, actor.sub);
    reply.header('Location', `/api/units/${encodeURIComponent(unit.code)}`);
    return unit;
  }
}
