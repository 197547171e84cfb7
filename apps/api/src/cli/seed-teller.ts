import { createHash, randomUUID } from 'node:crypto';
import type { Command, CommandBus } from '@nestjs/cqrs';
import canonicalize from 'canonicalize';
import {
  MoveAgreementCommand,
  ProposeAgreementCommand,
  RenewAgreementCommand,
  type Actor,
  type CommandOutcome,
} from '@kemitraan/agreements';
import { ACTORS, type SeedStory, type StoryStep } from '@kemitraan/seeds';
import { UnitAlreadyExists, type UnitsService } from '@kemitraan/units';

export interface ToldSeed {
  readonly seed: string;
  readonly agreementId: string;
  readonly state: string;
}

const fingerprintOf = (value: unknown): string =>
  createHash('sha256')
    .update(canonicalize(value) ?? '')
    .digest('hex');

/**
 * Tells each seed story through the command handlers, as its people would (never by writing
 * rows). Every step carries an idempotency key made from the story, so telling them again
 * replays the first answers and writes nothing.
 */
export class SeedTeller {
  constructor(
    private readonly commands: CommandBus,
    private readonly units: UnitsService,
  ) {}

  /** @param telling names this telling in the idempotency keys: tell a story twice under two names to get two agreements. */
  async tell(story: SeedStory, telling = 'seed'): Promise<ToldSeed> {
    for (const unit of story.units ?? []) {
      await this.units.register(unit, { by: 'seed' }).catch((error: unknown) => {
        if (!(error instanceof UnitAlreadyExists)) throw error;
      });
    }
    let outcome: CommandOutcome | null = null;
    for (const [index, step] of story.steps.entries()) {
      const command: Command<CommandOutcome> = this.commandOf(story, index, step, outcome?.agreement.id ?? '', telling);
      outcome = await this.commands.execute(command);
    }
    return { seed: story.seed, agreementId: outcome!.agreement.id, state: outcome!.agreement.state };
  }

  private commandOf(story: SeedStory, index: number, step: StoryStep, agreementId: string, telling: string) {
    const actor: Actor = ACTORS[step.as] as Actor;
    const commandId = randomUUID();
    const metadata = { commandId, correlationId: `seed-${story.seed}`, causationId: commandId, actor };
    const idempotency = {
      key: `${telling}-${story.seed}-${index}`,
      fingerprint: fingerprintOf({ seed: story.seed, index, step }),
    };
    const data = step.body as never;
    switch (step.command) {
      case 'proposal':
        return new ProposeAgreementCommand({
          command: { type: 'proposal', agreementId: randomUUID(), metadata, data },
          idempotency,
        });
      case 'renewal':
        return new RenewAgreementCommand({
          command: {
            type: 'renewal',
            agreementId,
            metadata,
            data: { ...(step.body as object), successorId: randomUUID() } as never,
          },
          idempotency,
        });
      default:
        return new MoveAgreementCommand({ command: { type: step.command, agreementId, metadata, data }, idempotency });
    }
  }
}
