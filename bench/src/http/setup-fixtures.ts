import type { JsonClient } from './json-client';
import type { Fixtures } from './scenarios';

/** Stocked products: the add-line scenario takes them in turn, so 20 gives a draft 19 different lines. */
const PRODUCTS = 20;
/** Units received per product: far more than any run ships (one unit per line per round). */
const STOCK_PER_PRODUCT = 1_000_000;
/** Requests in flight while setting up: quick, without queueing the whole setup at once. */
const PARALLEL = 8;

/**
 * The master data every scenario needs, made over HTTP before any timing: `customers` customers with
 * no credit limit (POST /v1/customers with a name only; a limit would put a credit check in each
 * confirmation and could refuse one), PRODUCTS stocked products and a receipt of STOCK_PER_PRODUCT units
 * of each, so that every shipment finds its stock.
 */
export async function createFixtures(http: JsonClient, customers: number): Promise<Fixtures> {
  const customerIds = await inParallel(customers, async (i) => {
    const created = await expect201(http, '/v1/customers', { name: `HTTP bench customer ${i + 1}` });
    return (JSON.parse(created) as { id: string }).id;
  });
  const skus = await inParallel(PRODUCTS, async (i) => {
    const sku = `HTTP-${String(i + 1).padStart(2, '0')}`;
    // Prices of 10.00 to 29.00 EUR at 20 % tax: whole cents, so every invoice total is exact.
    await expect201(http, '/v1/products', { sku, name: `HTTP bench widget ${i + 1}`, kind: 'stocked', unitPrice: `${10 + i}.00`, taxRate: '0.20', unitCost: '4.00' });
    await expect201(http, '/v1/stock/receipts', { sku, quantity: STOCK_PER_PRODUCT, unitCost: '4.00' });
    return sku;
  });
  return { customerIds, skus };
}

async function expect201(http: JsonClient, path: string, body: unknown): Promise<string> {
  const response = await http.request('POST', path, body);
  if (response.status !== 201) throw new Error(`setup: POST ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
  return response.text;
}

/** `work(0…count-1)`, PARALLEL at a time, results in index order. */
async function inParallel<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, count) }, worker));
  return results;
}
