import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { pino } from 'pino';
import { InvalidConfiguration, loadConfig } from './config/app-config';
import { createServer } from './server';
import { holdStopUntilStarted, stopOnSignals } from './shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const early = pino({ level: config.logLevel });
  const held = holdStopUntilStarted((signal) =>
    early.info(`${signal} while starting: stopping once started (${signal} again to exit now).`),
  );
  const app = await createServer(config);
  const logger = new Logger('Kemitraan');
  // Listening runs the modules' start (the read models' runners, the demo tokens): a signal held
  // until then stops a server wholly started, not one half-way through it.
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.log(`Listening on port ${port}: the API under /api, its OpenAPI page at /docs`);
  const stopAsked = held.release();
  stopOnSignals(app, logger);
  if (stopAsked) {
    logger.log(`${stopAsked} during start-up: stopping now that it has started.`);
    process.kill(process.pid, stopAsked);
  }
}

main().catch((error: unknown) => {
  // As JSON, as every other line: an operator's tools read a failed start too.
  const log = pino();
  if (error instanceof InvalidConfiguration) log.fatal(`Kemitraan could not start: ${error.message}`);
  else
    log.fatal({ err: error }, `Kemitraan could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
