import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config';
import { createServer } from './server';
import { stopOnSignals } from './shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createServer(config);
  const logger = new Logger('Kemitraan');
  stopOnSignals(app, logger);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  logger.log(`Listening on port ${config.port}: the API under /api, its OpenAPI page at /docs`);
}

main().catch((error: unknown) => {
  console.error('Kemitraan could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
