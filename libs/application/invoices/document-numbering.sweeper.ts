import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, StoredEvent } from '../../event-store/port';
import { CheckpointStore } from '../../platform/checkpoints/checkpoint-store';
import { CommandContext } from '../shared/command-context';
import { EVENT_STORE } from '../shared/tokens';
import { upcast } from '../../contracts/upcasters';
import { CreditNoteFlow } from './credit-note-flow';
import { InvoiceNumbering } from './document-numbering';
import { isOrderEvent } from './stored-order-event';

/** The checkpoint's stored name, from when the sweeper numbered invoices only: another name would start it over from the log's beginning. */
const CHECKPOINT = 'invoice-numbering';
const RETRY_MS = 2000;

/**
 * The process manager behind document numbering: follows `InvoiceIssued` and `CreditNoteIssued` in the
 * log and makes sure every invoice has its number and every credit note its number and its posting on the
 * customer's account. The issuing request does this at once; the sweeper catches what a crash between
 * the appends left undone (docs/adr/0005-invoice-numbering.md, docs/adr/0007-settling-invoices.md).
 */
@Injectable()
export class DocumentNumberingSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DocumentNumbering');
  private readonly stop = new AbortController();
  private running?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly numbering: InvoiceNumbering,
    private readonly creditNotes: CreditNoteFlow,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  /** Before the store and pools close (their hooks run in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const after = await this.checkpoints.load(CHECKPOINT);
        for await (const event of this.store.subscribe({ after, types: ['InvoiceIssued', 'CreditNoteIssued'], signal: this.stop.signal })) {
          await this.complete(upcast(event));
          await this.checkpoints.save(CHECKPOINT, event.position);
        }
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.logger.error(`numbering stopped, retrying in ${RETRY_MS} ms: ${(error as Error).message}`);
        await sleep(RETRY_MS, undefined, { signal: this.stop.signal }).catch(() => undefined);
      }
    }
  }

  private async complete(event: StoredEvent): Promise<void> {
    const context: CommandContext = { actor: 'system:document-numbering', correlationId: event.metadata.correlationId, causationId: event.id, receivedAt: new Date() };
    if (isOrderEvent(event, 'CreditNoteIssued')) await this.creditNotes.complete(event.data, context);
    else if (isOrderEvent(event, 'InvoiceIssued')) await this.numbering.assign(event.data, context);
  }
}
