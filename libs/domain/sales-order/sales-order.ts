import { Decider } from '../shared/decider';
import { OrderCommand } from './commands';
import { decideOrder } from './decide';
import { OrderEvent } from './events';
import { OrderState, evolveOrder, initialOrderState } from './state';

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: initialOrderState,
  decide: decideOrder,
  evolve: evolveOrder,
};
