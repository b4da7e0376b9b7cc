import type { EventStore } from '@ledgerline/event-store/port';
import { verifyStoreChains } from '@ledgerline/event-store/hash-chain';
import type { ChainReport } from '@ledgerline/projections/verify/verify-all';

/** verify (c): every stream's hash chain (docs/adr/0008-hash-chain.md), events counted as they are checked. */
export async function checkHashChain(store: EventStore, onProgress: (events: number) => void): Promise<ChainReport> {
  const { eventsChecked, findings } = await verifyStoreChains(store, { onProgress: (_total, inPage) => onProgress(inPage) });
  return { eventsChecked, findings };
}
