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
  logger.log(`Serving API.md on port ${config.port}; OpenAPI at /docs`);
}

main().catch((error: unknown) => {
  console.error('Kemitraan could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
