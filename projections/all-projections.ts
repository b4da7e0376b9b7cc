import { directoryProjection } from './directory/directory.projection';
import { journalsProjection } from './journals/journals.projection';
import { ordersProjection } from './orders/orders.projection';
import { receivablesProjection } from './receivables/receivables.projection';
import type { Projection } from './runtime/projection';
import { stockProjection } from './stock/stock.projection';

/** Every read model the api serves and the projector runs. */
export const ALL_PROJECTIONS: readonly Projection[] = [stockProjection, ordersProjection, receivablesProjection, journalsProjection, directoryProjection];
