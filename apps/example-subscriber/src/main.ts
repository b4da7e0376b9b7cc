import { follow } from './subscriber';

/**
 * `npm run example:subscriber`: prints every event of the types in TYPES as it happens, resuming after a
 * restart from CHECKPOINT_FILE. LEDGERLINE_URL (default http://localhost:3000), LEDGERLINE_API_KEY.
 */
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

void follow({
  baseUrl: process.env.LEDGERLINE_URL ?? 'http://localhost:3000',
  apiKey: process.env.LEDGERLINE_API_KEY,
  types: process.env.TYPES?.split(',').filter(Boolean),
  checkpointFile: process.env.CHECKPOINT_FILE ?? './subscriber.checkpoint',
  signal: stop.signal,
  handle: async (event) => {
    console.log(JSON.stringify({ position: event.position, type: event.type, streamId: event.streamId }));
  },
});
