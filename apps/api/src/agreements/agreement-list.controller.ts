import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListAgreementsQuery, type AgreementPage } from '@kemitraan/projections';
import { ListAgreementsDto } from './dto/list-agreements.dto';

/** The list and search of agreements: a read model, so it may trail a command by up to a second. */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/agreements')
export class AgreementListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@Query() query: ListAgreementsDto): Promise<AgreementPage> {
    const { limit = 50, offset = 0, ...filter } = query;
    return this.queries.execute(new ListAgreementsQuery(filter, limit, offset));
  }
}
