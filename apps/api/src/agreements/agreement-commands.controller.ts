import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ProposeAgreementCommand,
  RenewAgreementCommand,
  RunLifecycleCommand,
  type AgreementSummary,
  type LifecycleCommand,
} from '@kemitraan/agreements';
import type { FastifyReply } from 'fastify';
import { CommandContext, type CommandContextData } from '../http/command-context';
import { AgreementIdPipe } from './agreement-id.pipe';
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
type Reply = FastifyReply;

const envelope = (ctx: CommandContextData, agreementId: string) => ({
  agreementId,
  metadata: { commandId: ctx.commandId, correlationId: ctx.correlationId, causationId: ctx.commandId, actor: ctx.actor },
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
  async propose(@Body() body: ProposeAgreementDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    const command = { type: 'proposal' as const, ...envelope(ctx, randomUUID()), data: plain(body) };
    return answer(reply, await this.commands.execute(new ProposeAgreementCommand({ command, ...preconditions(ctx) })));
  }

  @Post(':id/audiensi') @HttpCode(200)
  audiensi(@Param('id', AgreementIdPipe) id: string, @Body() body: RecordAudiensiDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'audiensi', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/drafts') @HttpCode(200)
  drafts(@Param('id', AgreementIdPipe) id: string, @Body() body: SubmitDraftDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'drafts', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/approvals') @HttpCode(200)
  approvals(@Param('id', AgreementIdPipe) id: string, @Body() body: DecideApprovalDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'approvals', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/signing') @HttpCode(200)
  signing(@Param('id', AgreementIdPipe) id: string, @Body() body: SignAgreementDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'signing', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/execution') @HttpCode(200)
  execution(@Param('id', AgreementIdPipe) id: string, @Body() body: StartExecutionDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'execution', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/activities') @HttpCode(200)
  activities(@Param('id', AgreementIdPipe) id: string, @Body() body: RecordActivityDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'activities', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/reviews') @HttpCode(200)
  reviews(@Param('id', AgreementIdPipe) id: string, @Body() body: RecordReviewDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'reviews', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/continuation') @HttpCode(200)
  continuation(@Param('id', AgreementIdPipe) id: string, @Body() body: ContinuationDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'continuation', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/amendment') @HttpCode(200)
  amendment(@Param('id', AgreementIdPipe) id: string, @Body() body: ReasonDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'amendment', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/closure') @HttpCode(200)
  closure(@Param('id', AgreementIdPipe) id: string, @Body() body: ReasonDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'closure', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/renewal')
  async renewal(@Param('id', AgreementIdPipe) id: string, @Body() body: RenewalDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    const command = { type: 'renewal' as const, ...envelope(ctx, id), data: { ...plain(body), successorId: randomUUID() } };
    return answer(reply, await this.commands.execute(new RenewAgreementCommand({ command, ...preconditions(ctx) })));
  }

  @Post(':id/withdrawal') @HttpCode(200)
  withdrawal(@Param('id', AgreementIdPipe) id: string, @Body() body: ReasonDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'withdrawal', ...envelope(ctx, id), data: plain(body) });
  }

  @Post(':id/termination') @HttpCode(200)
  termination(@Param('id', AgreementIdPipe) id: string, @Body() body: ReasonDto, @CommandContext() ctx: CommandContextData, @Res({ passthrough: true }) reply: Reply) {
    return this.move(reply, ctx, { type: 'termination', ...envelope(ctx, id), data: plain(body) });
  }

  private async move(reply: Reply, ctx: CommandContextData, command: Omit<Moving, 'metadata'> & Pick<ReturnType<typeof envelope>, 'metadata'>): Promise<AgreementSummary> {
    const request = { command, ...preconditions(ctx) } as ConstructorParameters<typeof RunLifecycleCommand>[0];
    return answer(reply, await this.commands.execute(new RunLifecycleCommand(request)));
  }
}
