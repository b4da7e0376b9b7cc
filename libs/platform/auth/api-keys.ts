/** Roles of api.md "Conventions". */
export const ROLES = ['admin', 'sales', 'warehouse', 'accounting', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  key: string;
  role: Role;
}

/** Parses `API_KEYS=key:role[,key:role…]`. */
export function parseApiKeys(text: string): ApiKey[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const keys = entries.map((entry) => {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at);
    const role = entry.slice(at + 1);
    if (at <= 0 || !ROLES.includes(role as Role)) {
      throw new Error(`API_KEYS entry "${entry.replace(/^.{0,4}/, '****')}" must be key:role with role one of ${ROLES.join(', ')}`);
    }
    return { key, role: role as Role };
  });
  if (new Set(keys.map((k) => k.key)).size !== keys.length) throw new Error('API_KEYS lists the same key twice');
  return keys;
}
