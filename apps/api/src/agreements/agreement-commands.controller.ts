import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ProposeAgreementCommand,
  RenewAgreementCommand,
  MoveAgreementCommand,
  type AgreementSummary,
  type LifecycleCommand,
} from '@kemitraan/agreements';
import type { FastifyReply } from 'fastify';
import { CommandContext, type CommandContextData } from '../http/command-context';
import { OnAgreement, type AgreementTarget } from './agreement-target';
import { answer, plain } from './command-answer';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { ProposeAgreementDto } from './dto/propose-agreement.dto';
import { ContinuationDto, ReasonDto, RenewalDto } from './dto/reason.dto';
import { RecordActivityDto } from './dto/record-activity.dto';
import { RecordAudiensiDto } from './dto/record-audiensi.dto';
import { RecordReviewDto } from './dto/record-review.dto';
import { SignAgreementDto } from './dto/sign-agreement.dto';
import { StartExecutionDto } from './dto/start-execution.dto';
import { SubmitDraftDto } from './dto/submit-draft.dto';

type Moving = Exclude<LifecycleCommand, { type: 'renewal' }>;
type DataOf<T extends Moving['type']> = Extract<Moving, { type: T }>['data'];

const envelope = (ctx: CommandContextData, agreementId: string) => ({
  agreementId,
  metadata: {
    commandId: ctx.commandId,
    correlationId: ctx.correlationId,
    causationId: ctx.commandId,
    actor: ctx.actor,
  },
});

const preconditions = (ctx: CommandContextData) => ({
  ...(ctx.expectedVersion !== undefined ? { expectedVersion: ctx.expectedVersion } : {}),
  ...(ctx.idempotency ? { idempotency: ctx.idempotency } : {}),
});

/** The fourteen commands of API.md: validate, hand to the CommandBus, answer with the summary. */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/agreements')
export class AgreementCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async propose(
    @Body() body: ProposeAgreementDto,
    @CommandContext('creation') ctx: CommandContextData,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementSummary> {
    const command = { type: 'proposal' as const, ...envelope(ctx, randomUUID()), data: plain(body) };
    return answer(reply, await this.commands.execute(new ProposeAgreementCommand({ command, ...preconditions(ctx) })));
  }

  @Post(':id/audiensi')
  @HttpCode(200)
  audiensi(@Body() body: RecordAudiensiDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'audiensi', body);
  }

  @Post(':id/drafts')
  @HttpCode(200)
  drafts(@Body() body: SubmitDraftDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'drafts', body);
  }

  @Post(':id/approvals')
  @HttpCode(200)
  approvals(@Body() body: DecideApprovalDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'approvals', body);
  }

  @Post(':id/signing')
  @HttpCode(200)
  signing(@Body() body: SignAgreementDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'signing', body);
  }

  @Post(':id/execution')
  @HttpCode(200)
  execution(@Body() body: StartExecutionDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'execution', body);
  }

  @Post(':id/activities')
  @HttpCode(200)
  activities(@Body() body: RecordActivityDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'activities', body);
  }

  @Post(':id/reviews')
  @HttpCode(200)
  reviews(@Body() body: RecordReviewDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'reviews', body);
  }

  @Post(':id/continuation')
  @HttpCode(200)
  continuation(@Body() body: ContinuationDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'continuation', body);
  }

  @Post(':id/amendment')
  @HttpCode(200)
  amendment(@Body() body: ReasonDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'amendment', body);
  }

  @Post(':id/closure')
  @HttpCode(200)
  closure(@Body() body: ReasonDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'closure', body);
  }

  /** Answers 201 with the successor, the new agreement in `proposed`. */
  @Post(':id/renewal')
  @HttpCode(201)
  async renewal(@Body() body: RenewalDto, @OnAgreement() target: AgreementTarget): Promise<AgreementSummary> {
    const data = { ...plain(body), successorId: randomUUID() };
    const command = { type: 'renewal' as const, ...envelope(target, target.agreementId), data };
    const outcome = await this.commands.execute(new RenewAgreementCommand({ command, ...preconditions(target) }));
    return answer(target.reply, outcome);
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  withdrawal(@Body() body: ReasonDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'withdrawal', body);
  }

  @Post(':id/termination')
  @HttpCode(200)
  termination(@Body() body: ReasonDto, @OnAgreement() target: AgreementTarget) {
    return this.move(target, 'termination', body);
  }

  private async move<T extends Moving['type']>(
    target: AgreementTarget,
    type: T,
    body: DataOf<T>,
  ): Promise<AgreementSummary> {
    const command = { type, ...envelope(target, target.agreementId), data: plain(body) };
    const request = { command, ...preconditions(target) } as ConstructorParameters<typeof MoveAgreementCommand>[0];
    const outcome = await this.commands.execute(new MoveAgreementCommand(request));
    return answer(target.reply, outcome);
  }
}
