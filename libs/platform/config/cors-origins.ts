/**
 * Parses `CORS_ORIGINS=https://app.example.com,http://localhost:5173`: the browser origins allowed to call
 * the API. Each must be exactly an origin (scheme, host, optional port), as a browser sends it in `Origin`;
 * no wildcard, so cross-origin access is always a deliberate list.
 */
export function parseCorsOrigins(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!isOrigin(entry)) {
      throw new Error(`CORS_ORIGINS entry "${entry}" must be an origin such as https://app.example.com (http or https, host, optional port; no path, no wildcard)`);
    }
  }
  return [...new Set(entries)];
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text && !text.includes('*');
  } catch {
    return false;
  }
}
