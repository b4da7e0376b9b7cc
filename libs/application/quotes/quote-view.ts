import { NotFoundError } from '../../domain/shared/domain-error';
import { lineAmounts, totalAmounts } from '../../domain/shared/line-amounts';
import { QuoteState, quoteStatusAt } from '../../domain/quote/quote';
import { Loaded } from '../shared/aggregate-store';

/**
 * The quote as api.md shows it, at the moment `now`: an open quote past its validUntil reads `expired`.
 * `orderId` appears once the quote was converted, as the order's `quoteId` does (the link both ways).
 */
export function quoteView(quoteId: string, { state, version, position }: Pick<Loaded<QuoteState>, 'state' | 'version' | 'position'>, now: Date) {
  if (state.status === 'none') throw new NotFoundError('QUOTE_NOT_FOUND', `Quote ${quoteId} does not exist`);
  const lines = state.lines.map((line) => ({ ...line, ...lineAmounts(line, state.currency) }));
  return {
    id: state.quoteId,
    customerId: state.customerId,
    status: quoteStatusAt(state, now.toISOString()),
    validUntil: state.validUntil,
    currency: state.currency,
    billingAddress: state.billingAddress,
    shippingAddress: state.shippingAddress,
    lines,
    totals: totalAmounts(lines, state.currency),
    ...(state.orderId ? { orderId: state.orderId } : {}),
    version,
    position,
  };
}

export type QuoteView = ReturnType<typeof quoteView>;
