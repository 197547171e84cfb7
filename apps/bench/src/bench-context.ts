import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { MoveAgreementCommand, type Actor } from '@kemitraan/agreements';
import { PG_POOL } from '@kemitraan/postgres';
import { ACTORS, SEED_STORIES } from '@kemitraan/seeds';
import { UnitsService } from '@kemitraan/units';
import { CliModule } from '../../api/src/cli/cli.module';
import { SeedTeller } from '../../api/src/cli/seed-teller';

const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;
const operator = ACTORS.operatorSamarinda as Actor;

/** The application without HTTP on the bench database: the command handlers the API uses. */
export class BenchContext {
  private constructor(
    readonly app: INestApplicationContext,
    readonly url: string,
  ) {}

  static async open(url: string, runProjections = false): Promise<BenchContext> {
    const app = await NestFactory.createApplicationContext(
      CliModule.forRoot({ databaseUrl: url, dataDir: '/tmp', runProjections }),
      { logger: ['error'] },
    );
    return new BenchContext(app, url);
  }

  get pool(): Pool {
    return this.app.get(PG_POOL);
  }

  /** Agreements in execution (seed 004's story), `count` of them, told through the handlers. */
  async agreementsInExecution(count: number): Promise<string[]> {
    const teller = new SeedTeller(this.app.get(CommandBus), this.app.get(UnitsService));
    const ids: string[] = [];
    for (let i = 0; i < count; i += 20) {
      const told = await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, () => teller.tell(samarinda, randomUUID())),
      );
      ids.push(...told.map((t) => t.agreementId));
    }
    return ids;
  }

  /** One activity through the command handler: load, decide, append with chain and idempotency record. */
  recordActivity(agreementId: string, n: number): Promise<unknown> {
    const commandId = randomUUID();
    return this.app.get(CommandBus).execute(
      new MoveAgreementCommand({
        command: {
          type: 'activities',
          agreementId,
          metadata: { commandId, correlationId: commandId, causationId: commandId, actor: operator },
          data: {
            date: '2025-06-01',
            kind: 'PRODUCTION',
            title: `Produksi ${n}`,
            participants: 3,
            revenueIdr: 150_000,
          },
        },
        idempotency: { key: commandId, fingerprint: commandId },
      }),
    );
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
