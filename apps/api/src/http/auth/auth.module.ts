import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { DEMO_ACTORS, demoSecret, demoToken } from './demo-tokens';
import { jwksVerifier, secretVerifier, type TokenVerifier } from './token-verifier';

const APP_CONFIG = Symbol('AppConfig');

async function verifierFor(config: AppConfig): Promise<TokenVerifier> {
  const { auth } = config;
  switch (auth.mode) {
    case 'secret':
      return secretVerifier(new TextEncoder().encode(auth.secret));
    case 'jwks':
      return jwksVerifier(auth.jwksUrl);
    case 'demo':
      return secretVerifier(await demoSecret(config.dataDir));
  }
}

/** In demo mode only: one token per role, printed once, with a warning. */
@Injectable()
class DemoTokens implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.auth.mode !== 'demo') return;
    const secret = await demoSecret(this.config.dataDir);
    this.logger.warn(
      'DEMO MODE: AUTH_JWT_SECRET is not set. Tokens are signed with a random secret kept in DATA_DIR; do not use in production.',
    );
    const lines = await Promise.all(
      DEMO_ACTORS.map(
        async (a) => `  ${a.roles[0]!.padEnd(12)} ${`${a.name} (${a.unit})`.padEnd(46)} ${await demoToken(secret, a)}`,
      ),
    );
    process.stdout.write(`\nDemo tokens, one per role (Authorization: Bearer <token>):\n${lines.join('\n')}\n\n`);
  }
}

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: TOKEN_VERIFIER, useFactory: () => verifierFor(config) },
        { provide: APP_GUARD, useClass: AuthGuard },
        DemoTokens,
      ],
    };
  }
}
