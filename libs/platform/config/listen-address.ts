import { BlockList, isIP } from 'node:net';

/** Where development mode (no API_KEYS: every caller is admin) listens: this machine only. */
export const DEV_MODE_HOST = '127.0.0.1';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`, which RFC 6761 reserves for loopback. */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The address the api binds to: HOST when set; loopback in development mode; otherwise undefined, which
 * Node reads as every interface (IPv6 and IPv4).
 */
export function listenHost(config: { HOST?: string; apiKeys: readonly unknown[] }): string | undefined {
  if (config.HOST !== undefined) return config.HOST;
  return config.apiKeys.length === 0 ? DEV_MODE_HOST : undefined;
}
