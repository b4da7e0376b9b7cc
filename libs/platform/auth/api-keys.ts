/** Roles of api.md "Conventions". */
export const ROLES = ['admin', 'sales', 'warehouse', 'accounting', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Rights beyond a role (domain.md): `credit-override` lets a user confirm an order past the customer's
 * credit limit. admin holds every permission.
 */
export const PERMISSIONS = ['credit-override'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface ApiKey {
  key: string;
  role: Role;
  permissions: Permission[];
}

/** Parses `API_KEYS=key:role[+permission…][,key:role…]`, e.g. `k1:sales+credit-override,k2:auditor`. */
export function parseApiKeys(text: string): ApiKey[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const keys = entries.map((entry) => {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at);
    const [role, ...permissions] = entry.slice(at + 1).split('+');
    if (at <= 0 || !ROLES.includes(role as Role) || permissions.some((p) => !PERMISSIONS.includes(p as Permission))) {
      throw new Error(
        `API_KEYS entry "${entry.replace(/^.{0,4}/, '****')}" must be key:role[+permission] with role one of ${ROLES.join(', ')} and permissions among ${PERMISSIONS.join(', ')}`,
      );
    }
    return { key, role: role as Role, permissions: permissions as Permission[] };
  });
  if (new Set(keys.map((k) => k.key)).size !== keys.length) throw new Error('API_KEYS lists the same key twice');
  return keys;
}
