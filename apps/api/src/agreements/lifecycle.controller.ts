import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  LIFECYCLE_STATES,
  LIFECYCLE_VERSION,
  lifecycleMermaid,
  lifecycleTransitions,
  type LifecycleState,
  type LifecycleTransition,
} from '@kemitraan/agreements';
import type { FastifyReply } from 'fastify';
import { LifecycleFormatDto } from './dto/agreement-query.dto';

export interface LifecycleDescription {
  readonly states: readonly LifecycleState[];
  readonly initial: LifecycleState;
  readonly transitions: readonly LifecycleTransition[];
  readonly version: string;
}

/** The lifecycle, read from the state machine itself. */
@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/lifecycle')
export class LifecycleController {
  @Get()
  @ApiOkResponse({
    description: 'The states and transitions of the state machine; with `?format=mermaid`, a state diagram.',
    // Its JSON's schema is written with every route's (openapi/read-schemas.ts).
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  describe(
    @Query() query: LifecycleFormatDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): LifecycleDescription | string {
    if (query.format === 'mermaid') {
      reply.type('text/plain; charset=utf-8');
      return lifecycleMermaid();
    }
    return {
      states: LIFECYCLE_STATES,
      initial: 'proposed',
      transitions: lifecycleTransitions(),
      version: LIFECYCLE_VERSION,
    };
  }
}
