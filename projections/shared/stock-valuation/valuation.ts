import { Money, minorDigits } from '../../../libs/domain/shared/money';
import type { Quantity } from '../../../libs/domain/shared/quantity';
import { divideRounded, formatScaled, fromMilli, parseScaled, pow10, scaleOf, toMilli } from '../fixed-point';

/**
 * Moving-average valuation of one sku (domain.md "Products", "Shipments"), as pure functions so that the
 * stock projection and the journals projection price every movement identically, to the cent.
 *
 * `value` is never recomputed as on-hand × average: it is the running sum of the rounded entry amounts, so
 * Σ value over skus equals ledger account 1200 exactly (per entry rounding). `averageCost` is value / on-hand
 * to AVERAGE_COST_DIGITS decimals, refreshed after every movement: what the read model shows, and so
 * on-hand × averageCost matches value within half a millionth per unit. Issues within the stock are priced from the exact
 * ratio value / on-hand (see `issue`), so the rounding of the shown average never leaks into amounts.
 * Arithmetic is exact, on scaled integers (../fixed-point.ts); rounding is half-up, as roundMoney's.
 *
 * Negative stock (the decider does not check stock on hand, domain.md does not forbid it): what an issue
 * takes beyond the stock on hand is priced at `averageCost` (the last average, or the last receipt's cost;
 * 0 while the sku never had a receipt), `value` may go negative and the average does not move. A receipt
 * or return re-averages when it leaves stock and value positive; otherwise (on hand still ≤ 0) the average
 * becomes the unit cost of the goods that just came in, and whatever value remains stays in inventory until
 * a later receipt absorbs it into the average and the issue that empties the stock takes it out. Nothing is
 * ever divided by a zero on-hand.
 */
export interface StockValuation {
  onHand: Quantity;
  value: Money;
  /** Decimal string with AVERAGE_COST_DIGITS decimals. */
  averageCost: string;
}

export const AVERAGE_COST_DIGITS = 6;

/** A movement priced: the amount it adds to (receipt, return) or takes from (issue) the value. */
export interface PricedMovement {
  /** Positive for receipts, returns and issues alike (the kind gives the direction); < 0 only in negative-stock corrections. */
  amount: Money;
  unitCost: string;
  after: StockValuation;
}

/** Amounts are rounded half-up to the minor unit of `currency` (the base currency the receipts carry). */
export function emptyValuation(currency: string): StockValuation {
  return { onHand: 0, value: zeroMoney(currency), averageCost: formatScaled(0n, AVERAGE_COST_DIGITS) };
}

export const zeroMoney = (currency: string): Money => formatScaled(0n, minorDigits(currency));

/** Goods in at `unitCost`: value += round(quantity × unitCost), then re-average. */
export function receive(state: StockValuation, quantity: Quantity, unitCost: Money, currency: string): PricedMovement {
  const q = positiveMilli(quantity);
  const money = minorDigits(currency);
  const costScale = scaleOf(unitCost);
  // q/1000 × cost/10^costScale, in minor units.
  const amount = divideRounded(q * parseScaled(unitCost, costScale) * pow10(money), 1000n * pow10(costScale));
  const cost = parseScaled(unitCost, AVERAGE_COST_DIGITS);
  return { amount: formatScaled(amount, money), unitCost: formatScaled(cost, AVERAGE_COST_DIGITS), after: comeIn(state, q, amount, cost, money) };
}

/**
 * Goods out at the average of this moment. Within the stock on hand an issue takes its share of the value,
 * round(quantity × value / on-hand): the exact average, not the 6-decimal one, so rounding never drifts,
 * the value never drops below zero while stock is positive, and the issue that empties the stock takes
 * exactly what is left (no residual cent). What goes beyond the stock on hand is priced at `averageCost`.
 */
export function issue(state: StockValuation, quantity: Quantity, currency: string): PricedMovement {
  const q = positiveMilli(quantity);
  const money = minorDigits(currency);
  const onHand = toMilli(state.onHand);
  const value = parseScaled(state.value, money);
  const average = parseScaled(state.averageCost, AVERAGE_COST_DIGITS);
  const fromStock = onHand > 0n ? (q < onHand ? q : onHand) : 0n;
  const beyondStock = q - fromStock;
  let amount = 0n;
  if (fromStock > 0n) amount += shareOf(value, fromStock, onHand);
  if (beyondStock > 0n) amount += atCost(beyondStock, average, money);
  const onHandAfter = onHand - q;
  const valueAfter = value - amount;
  return {
    amount: formatScaled(amount, money),
    unitCost: formatScaled(unitCostOf(amount, q, money), AVERAGE_COST_DIGITS),
    after: { onHand: fromMilli(onHandAfter), value: formatScaled(valueAfter, money), averageCost: formatScaled(reaverage(onHandAfter, valueAfter, average, money), AVERAGE_COST_DIGITS) },
  };
}

/** What a shipment line issued and what has come back of it so far: prices its returns. */
export interface IssuedLine {
  quantity: Quantity;
  /** amount / quantity, for display: returns are priced from the amounts. */
  unitCost: string;
  amount: Money;
  returnedQuantity: Quantity;
  returnedAmount: Money;
}

/**
 * The amount a return of `quantity` brings back: its share of what the line issued and has not got back
 * yet, round(quantity × open amount / open quantity). Partial returns therefore never add up to more than
 * the issue, and the return that brings the last of the line back reverses its COGS to the cent.
 */
export function returnAmount(issued: IssuedLine, quantity: Quantity, currency: string): Money {
  const money = minorDigits(currency);
  return formatScaled(returnedUnits(issued, positiveMilli(quantity), money), money);
}

/** Goods back from a shipment line at their issue cost, then re-average. Also returns the line's new tally. */
export function returnToStock(
  state: StockValuation,
  issued: IssuedLine,
  quantity: Quantity,
  currency: string,
): PricedMovement & { issued: IssuedLine } {
  const q = positiveMilli(quantity);
  const money = minorDigits(currency);
  const amount = returnedUnits(issued, q, money);
  const unitCost = unitCostOf(amount, q, money);
  return {
    amount: formatScaled(amount, money),
    unitCost: formatScaled(unitCost, AVERAGE_COST_DIGITS),
    after: comeIn(state, q, amount, unitCost, money),
    issued: {
      ...issued,
      returnedQuantity: fromMilli(toMilli(issued.returnedQuantity) + q),
      returnedAmount: formatScaled(parseScaled(issued.returnedAmount, money) + amount, money),
    },
  };
}

function returnedUnits(issued: IssuedLine, q: bigint, money: number): bigint {
  const open = toMilli(issued.quantity) - toMilli(issued.returnedQuantity);
  if (q > open) throw new RangeError(`Return of ${fromMilli(q)} exceeds the ${fromMilli(open)} issued and not yet returned`);
  return shareOf(parseScaled(issued.amount, money) - parseScaled(issued.returnedAmount, money), q, open);
}

/** Value and average after goods came in: `amount` minor units for `q` thousandths at `cost` (6 decimals). */
function comeIn(state: StockValuation, q: bigint, amount: bigint, cost: bigint, money: number): StockValuation {
  const onHand = toMilli(state.onHand) + q;
  const value = parseScaled(state.value, money) + amount;
  return { onHand: fromMilli(onHand), value: formatScaled(value, money), averageCost: formatScaled(reaverage(onHand, value, cost, money), AVERAGE_COST_DIGITS) };
}

/**
 * value / on-hand to 6 decimals. Only a positive stock with a non-negative value has a meaningful
 * average; otherwise `fallback` (the last average, or the cost of what just came in) stands.
 */
function reaverage(onHand: bigint, value: bigint, fallback: bigint, money: number): bigint {
  return onHand > 0n && value >= 0n ? unitCostOf(value, onHand, money) : fallback;
}

/** `part` of `whole` units of `total`: all of it when part is the whole, else rounded pro rata. */
function shareOf(total: bigint, part: bigint, whole: bigint): bigint {
  return part === whole ? total : divideRounded(total * part, whole);
}

/** Minor units for `q` thousandths at a 6-decimal unit cost. */
const atCost = (q: bigint, cost: bigint, money: number): bigint => divideRounded(q * cost * pow10(money), 1000n * MICRO);

/** 6-decimal unit cost of `amount` minor units for `q` thousandths. */
const unitCostOf = (amount: bigint, q: bigint, money: number): bigint => divideRounded(amount * 1000n * MICRO, q * pow10(money));

const MICRO = pow10(AVERAGE_COST_DIGITS);

function positiveMilli(quantity: Quantity): bigint {
  const q = Number.isFinite(quantity) ? toMilli(quantity) : 0n;
  if (q <= 0n) throw new RangeError(`A stock movement needs a positive quantity, got ${quantity}`);
  return q;
}
