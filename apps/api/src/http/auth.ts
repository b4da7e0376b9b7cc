import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Permission, PERMISSIONS, Role } from '@ledgerline/platform/auth/api-keys';
import { mayRead, ReadArea } from '@ledgerline/platform/auth/read-rights';
import { KnownApiKeys, Principal } from './known-api-keys';
import { Problem } from './problem';

export type { Principal } from './known-api-keys';

export const hasPermission = (principal: Principal | undefined, permission: Permission): boolean =>
  principal !== undefined && (principal.role === 'admin' || principal.permissions.includes(permission));

export type AuthenticatedRequest = Request & { principal?: Principal; requestId?: string };

const PUBLIC = 'ledgerline:public';
const WRITERS = 'ledgerline:writers';
const READ_AREA = 'ledgerline:read-area';

/** The route needs no key (health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles that may send this route's commands; admin always may. A command route without it is admin's. */
export const WritableBy = (...roles: Role[]) => SetMetadata(WRITERS, roles);
/**
 * What this route's GETs read, for api.md's read-rights table (libs/platform/auth/read-rights.ts); on a
 * controller or a route, the route's wins. A GET without an area is admin's alone.
 */
export const ReadableBy = (area: ReadArea) => SetMetadata(READ_AREA, area);

/** api.md: these roles read and never write, whatever a route's writers say. */
const READ_ONLY_ROLES: readonly Role[] = ['auditor', 'subscriber'];

const DEV_ADMIN: Principal = { actor: 'dev-admin', role: 'admin', permissions: [...PERMISSIONS] };

/**
 * `Authorization: Bearer <key>` against API_KEYS (api.md "Conventions"), then the role's right to the
 * route: reads by the route's area, writes by its writers. With no keys configured the server runs in
 * development mode, bound to loopback: every caller is admin (main.ts says so at start).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KnownApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const target = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, target)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.keys.empty ? DEV_ADMIN : this.authenticate(request);
    request.principal = principal;
    if (principal.role === 'admin') return true;
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (mayRead(principal.role, this.reflector.getAllAndOverride<ReadArea | undefined>(READ_AREA, target))) return true;
      throw new Problem(403, 'FORBIDDEN', `The ${principal.role} role may not read ${request.path}`);
    }
    const writers = this.reflector.getAllAndOverride<Role[] | undefined>(WRITERS, target) ?? [];
    if (READ_ONLY_ROLES.includes(principal.role) || !writers.includes(principal.role)) {
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
    const found = this.keys.find(match[1]);
    if (!found) throw new Problem(401, 'UNAUTHENTICATED', 'Unknown API key', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    return found;
  }
}
