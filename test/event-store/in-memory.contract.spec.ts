import { InMemoryEventStore } from '@ledgerline/event-store/in-memory/in-memory-event-store';
import { eventStoreContract } from './contract';

eventStoreContract('in-memory', async () => ({ store: new InMemoryEventStore(), dispose: async () => undefined }));
