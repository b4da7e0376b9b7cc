import { CanActivate, ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { Permission, PERMISSIONS, Role } from '@ledgerline/platform/auth/api-keys';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import { Problem } from './problem';

export interface Principal {
  /** Stable and safe to log: the role and a short hash of the key, never the key. */
  actor: string;
  role: Role;
  /** admin holds every permission. */
  permissions: readonly Permission[];
}

export const hasPermission = (principal: Principal | undefined, permission: Permission): boolean =>
  principal !== undefined && (principal.role === 'admin' || principal.permissions.includes(permission));

export type AuthenticatedRequest = Request & { principal?: Principal; requestId?: string };

const PUBLIC = 'ledgerline:public';
const WRITERS = 'ledgerline:writers';

/** The route needs no key (health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles that may send this route's commands; admin always may. Reads (GET) are open to every role. */
export const WritableBy = (...roles: Role[]) => SetMetadata(WRITERS, roles);

/**
 * `Authorization: Bearer <key>` against API_KEYS (api.md "Conventions"). With no keys configured the server
 * runs in development mode: every caller is admin, and the start-up log says so loudly.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: { digest: Buffer; principal: Principal }[];
  private readonly devMode: boolean;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.devMode = config.apiKeys.length === 0;
    this.keys = config.apiKeys.map(({ key, role, permissions }) => ({
      digest: digest(key),
      principal: { actor: `apikey:${role}:${digest(key).toString('hex').slice(0, 10)}`, role, permissions },
    }));
    if (this.devMode) {
      new Logger('Auth').warn('API_KEYS is empty: DEVELOPMENT MODE, every caller is admin. Set API_KEYS=key:role,… in production.');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const target = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, target)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal: Principal = this.devMode ? { actor: 'dev-admin', role: 'admin', permissions: [...PERMISSIONS] } : this.authenticate(request);
    request.principal = principal;
    if (principal.role === 'admin') return true;
    if (request.method === 'GET' || request.method === 'HEAD') return true;
    const writers = this.reflector.getAllAndOverride<Role[] | undefined>(WRITERS, target) ?? [];
    if (principal.role === 'auditor' || !writers.includes(principal.role)) {
      throw new Problem(403, 'FORBIDDEN', `The ${principal.role} role may not ${request.method} ${request.path}`);
    }
    return true;
  }

  private authenticate(request: Request): Principal {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new Problem(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <api key>', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    const presented = digest(match[1]);
    // Compare digests in constant time: no key is learnt from response timing.
    const found = this.keys.find((k) => timingSafeEqual(k.digest, presented));
    if (!found) throw new Problem(401, 'UNAUTHENTICATED', 'Unknown API key', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    return found.principal;
  }
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();
