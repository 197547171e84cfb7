import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { describeCommonAnswers } from './common-answers';

/** The OpenAPI page at /docs and its document at /docs-json. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Kemitraan')
    .setDescription('Partnership agreements of Indonesian correctional institutions, from proposal to review.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = describeCommonAnswers(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
