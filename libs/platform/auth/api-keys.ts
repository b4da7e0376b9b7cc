/** Roles of api.md "Conventions". */
export const ROLES = ['admin', 'sales', 'warehouse', 'accounting', 'auditor', 'subscriber'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Rights beyond a role (domain.md): `credit-override` lets a user confirm an order past the customer's
 * credit limit. admin holds every permission.
 */
export const PERMISSIONS = ['credit-override'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface ApiKey {
  /** Names the key on events (`apikey:<label>`); without one the actor is a keyed hash of the key. */
  label?: string;
  key: string;
  role: Role;
  permissions: Permission[];
}

/** A label lands on every event the key writes and in logs: a plain token, never a secret. */
const LABEL = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

/**
 * Parses `API_KEYS=[label:]key:role[+permission…][,…]`, e.g. `ci:k1:sales+credit-override,k2:auditor`.
 * An entry with two colons or more is `label:key:role` (the key is what lies between the first and the
 * last colon); with one it is `key:role`. Messages never quote a key.
 */
export function parseApiKeys(text: string): ApiKey[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1));
  if (new Set(keys.map((k) => k.key)).size !== keys.length) throw new Error('API_KEYS lists the same key twice');
  const labels = keys.flatMap((k) => (k.label === undefined ? [] : [k.label.toLowerCase()]));
  const repeated = labels.find((label, i) => labels.indexOf(label) !== i);
  if (repeated !== undefined) throw new Error(`API_KEYS gives the label "${repeated}" to more than one key: labels must be unique`);
  return keys;
}

function parseEntry(entry: string, position: number): ApiKey {
  const first = entry.indexOf(':');
  const last = entry.lastIndexOf(':');
  const labelled = first !== last;
  const label = labelled ? entry.slice(0, first) : undefined;
  const key = entry.slice(labelled ? first + 1 : 0, last);
  const [role, ...permissions] = entry.slice(last + 1).split('+');
  const where = `API_KEYS entry ${position}${label !== undefined && LABEL.test(label) ? ` (label ${label})` : ''}`;
  if (last <= 0 || key === '' || !ROLES.includes(role as Role) || permissions.some((p) => !PERMISSIONS.includes(p as Permission))) {
    throw new Error(
      `${where} must be [label:]key:role[+permission] with role one of ${ROLES.join(', ')} and permissions among ${PERMISSIONS.join(', ')}`,
    );
  }
  if (label !== undefined && !LABEL.test(label)) {
    throw new Error(`${where}: a label is 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return { ...(label === undefined ? {} : { label }), key, role: role as Role, permissions: permissions as Permission[] };
}
