import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Command } from 'commander';
import { urlOfRunningEmbedded } from '@kemitraan/postgres';
import { ProjectionStatusQuery, ProjectionWorker } from '@kemitraan/projections';
import { SEED_STORIES } from '@kemitraan/seeds';
import { UnitsService } from '@kemitraan/units';
import { loadConfig } from '../config/app-config';
import { verifyContinuation } from '../exports/export-continuation';
import { verifyHistoryExport } from '../exports/verify-history-export';
import { CliModule } from './cli.module';
import { rebuildWithProgress } from './rebuild-progress';
import { SeedTeller } from './seed-teller';

/** The same database the server uses: its URL, or the embedded one (joined if a server runs it). */
async function openApp(runProjections: boolean) {
  const config = loadConfig();
  const databaseUrl = config.databaseUrl ?? (await urlOfRunningEmbedded(config.dataDir)) ?? undefined;
  return NestFactory.createApplicationContext(
    CliModule.forRoot({
      databaseUrl,
      eventStoreUrl: config.eventStoreUrl,
      dataDir: config.dataDir,
      runProjections,
      rebuildHeapMb: config.projections.rebuildHeapMb,
    }),
    { logger: ['error', 'warn'] },
  );
}

async function withApp(runProjections: boolean, work: (app: Awaited<ReturnType<typeof openApp>>) => Promise<void>) {
  const app = await openApp(runProjections);
  app.enableShutdownHooks();
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

const program = new Command('kemitraan').description('Kemitraan operations from the command line');

program
  .command('seed')
  .description('tell the five seed partnerships through the command handlers (again: writes nothing)')
  .action(() =>
    withApp(false, async (app) => {
      const teller = new SeedTeller(app.get(CommandBus), app.get(UnitsService));
      for (const story of SEED_STORIES) {
        const told = await teller.tell(story);
        process.stdout.write(`${told.seed}: agreement ${told.agreementId} is ${told.state}\n`);
      }
    }),
  );

const projections = program.command('projections').description('the read models');

projections
  .command('rebuild')
  .description('rebuild every read model from the log beside the live one, then switch over')
  .action(() =>
    withApp(true, (app) => rebuildWithProgress(app.get(ProjectionWorker), app.get(QueryBus), process.stdout)),
  );

projections
  .command('status')
  .description('where each read model stands')
  .action(() =>
    withApp(false, async (app) => {
      const statuses = await app.get(QueryBus).execute(new ProjectionStatusQuery());
      process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    }),
  );

program
  .command('verify-export')
  .description('verify a history export offline: its Ed25519 signature and every hash of its chain')
  .argument('<export>', 'the .jsonl file from GET /api/agreements/:id/history?format=jsonl')
  .requiredOption('--public-key <pem>', 'the public key from GET /api/export-key, kept by the auditor')
  .option('--earlier <export>', 'an export of the same agreement taken before: the later must continue it')
  .action(async (file: string, options: { publicKey: string; earlier?: string }) => {
    const [text, key] = await Promise.all([readFile(file, 'utf8'), readFile(options.publicKey, 'utf8')]);
    const result = await verifyHistoryExport(text, key);
    const continuation =
      options.earlier === undefined
        ? undefined
        : await verifyContinuation(await readFile(options.earlier, 'utf8'), text, key);
    process.stdout.write(`${JSON.stringify(continuation ? { ...result, continuation } : result, null, 2)}\n`);
    if (!result.signatureValid || !result.chain.valid || continuation?.continues === false) process.exitCode = 1;
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
