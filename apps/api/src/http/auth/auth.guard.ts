import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthGate, type AuthenticatedRequest } from './auth-gate';

export type { AuthenticatedRequest } from './auth-gate';

/**
 * The gate, for every route of the application. The server runs it earlier, as the first hook
 * after the address's rate limit (`admitBeforeParsing`), so that a request without a valid
 * token is answered 401 before its body is read; the guard then finds it admitted. It runs the
 * gate itself wherever that hook is not installed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly gate: AuthGate) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.admitted) await this.gate.admit(request);
    return true;
  }
}
