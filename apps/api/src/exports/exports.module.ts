import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ExportKeyController } from './export-key.controller';
import { EXPORT_SIGNING_KEY, loadExportSigningKey } from './export-signing-key';

/** The key that signs history exports, and the route that hands auditors its public half. */
@Module({})
export class ExportsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ExportsModule,
      global: true,
      controllers: [ExportKeyController],
      providers: [
        {
          provide: EXPORT_SIGNING_KEY,
          useFactory: () => loadExportSigningKey(config.exportSigningKey, config.dataDir),
        },
      ],
      exports: [EXPORT_SIGNING_KEY],
    };
  }
}
