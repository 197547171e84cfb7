import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config';
import { RateLimits } from '../rate-limits';
import { AuthGate, TOKEN_VERIFIER } from './auth-gate';
import { AuthGuard } from './auth.guard';
import { DEMO_ACTORS, demoSecret, demoToken } from './demo-tokens';
import { jwksVerifier, secretVerifier, type TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

const APP_CONFIG = Symbol('AppConfig');

/** Tokens remembered as verified: far more than a country's staff signed in at once, at most about 8 MB. */
const VERIFIED_TOKENS = {
  max: 10_000,
  maxChars: 8_000_000,
  maxAgeMs: 60_000,
  now: Date.now,
  elapsed: () => performance.now(),
};

/** The demo secret, read (or made) once at start-up; null unless in demo mode. */
const DEMO_SECRET = Symbol('DemoSecret');

function verifierFor(config: AppConfig, demo: Uint8Array | null): TokenVerifier {
  const { auth } = config;
  switch (auth.mode) {
    case 'secret':
      return secretVerifier(new TextEncoder().encode(auth.secret));
    case 'jwks':
      return jwksVerifier(auth.jwksUrl);
    case 'demo':
      return secretVerifier(demo!);
  }
}

/** In demo mode only: one token per role, printed once, with a warning. */
@Injectable()
class DemoTokens implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(@Inject(DEMO_SECRET) private readonly secret: Uint8Array | null) {}

  async onApplicationBootstrap(): Promise<void> {
    const secret = this.secret;
    if (!secret) return;
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
        {
          provide: DEMO_SECRET,
          useFactory: () => (config.auth.mode === 'demo' ? demoSecret(config.dataDir) : null),
        },
        {
          provide: TOKEN_VERIFIER,
          useFactory: (demo: Uint8Array | null) => new VerifiedTokens(verifierFor(config, demo), VERIFIED_TOKENS),
          inject: [DEMO_SECRET],
        },
        { provide: RateLimits, useValue: new RateLimits(config.rateLimitPerMinute) },
        AuthGate,
        { provide: APP_GUARD, useClass: AuthGuard },
        DemoTokens,
      ],
      exports: [RateLimits, AuthGate],
    };
  }
}
