import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { problem, ProblemException } from '../http/problem';
import { RETRY_SOON } from '../http/problem-mapping';

const NOT_READY = 'The event store does not answer.';

const CHECKS_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', example: 'ok' },
    details: { type: 'object', example: { eventStore: { status: 'up' } } },
  },
};

const NOT_READY_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string', example: '/problems/store-unavailable' },
    title: { type: 'string', example: 'Service Unavailable' },
    status: { type: 'integer', example: 503 },
    detail: { type: 'string', example: NOT_READY },
    checks: { type: 'object', example: { eventStore: { status: 'down', message: NOT_READY } } },
  },
};

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The process is up. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The event store answers (503 otherwise). */
  @Get('ready')
  // terminus' own documentation gives its body for the 503; this one answers problem+json.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'The event store answers.', schema: CHECKS_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: NOT_READY,
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'string' } } },
    content: { 'application/problem+json': { schema: NOT_READY_SCHEMA } },
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        async () => {
          const indicator = this.indicators.check('eventStore');
          try {
            await this.store.ping();
            return indicator.up();
          } catch {
            return indicator.down({ message: NOT_READY });
          }
        },
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Load balancers read the status; people and scripts read the same problem+json as elsewhere.
      const { details } = error.getResponse() as HealthCheckResult;
      const unavailable = problem(503, 'store-unavailable', 'Service Unavailable', NOT_READY, { checks: details });
      throw new ProblemException(unavailable, RETRY_SOON);
    }
  }
}
