import type { EntityManager } from 'typeorm';
import type { Quantity } from '../../libs/domain/shared/quantity';
import { BulkWrite, Columns, Row } from '../shared/bulk-sql';
import type { TouchedKeys } from './journal-events';
import { issueKey, JournalChanges, JournalState, ShipmentLineIssue } from './journal-state';
import { fromMinor } from '../shared/fixed-point';
import { quantityText } from '../../libs/domain/shared/quantity';

/**
 * Reads the rows one batch needs and writes back what it posted and changed: two `= ANY` SELECTs and one
 * multi-row write statement per batch whatever its size (ADR 0006). Runs inside the runner's transaction;
 * unqualified table names resolve to the generation's schema.
 */
export async function loadJournalState(manager: EntityManager, keys: TouchedKeys): Promise<JournalState> {
  const skus = new Set(keys.skus);
  const state: JournalState = { loadedSkus: skus, skus: new Map(), issues: new Map() };

  if (keys.shipmentIds.size > 0) {
    const rows: IssueRow[] = await manager.query(
      `SELECT shipment_id, line_id, order_id, sku, quantity, unit_cost, amount, returned_quantity, returned_amount
       FROM journal_stock_issues WHERE shipment_id = ANY($1)`,
      [[...keys.shipmentIds]],
    );
    for (const r of rows) {
      const issued: ShipmentLineIssue = {
        shipmentId: r.shipment_id,
        lineId: r.line_id,
        orderId: r.order_id,
        sku: r.sku,
        quantity: quantity(r.quantity),
        unitCost: r.unit_cost,
        amount: r.amount,
        returnedQuantity: quantity(r.returned_quantity),
        returnedAmount: r.returned_amount,
      };
      state.issues.set(issueKey(issued.shipmentId, issued.lineId), issued);
      skus.add(issued.sku);
    }
  }

  if (skus.size > 0) {
    const rows: ValuationRow[] = await manager.query(
      'SELECT sku, currency, on_hand, value, average_cost, updated_position FROM journal_stock_valuations WHERE sku = ANY($1)',
      [[...skus]],
    );
    for (const r of rows) {
      state.skus.set(r.sku, {
        sku: r.sku,
        currency: r.currency,
        valuation: { onHand: quantity(r.on_hand), value: r.value, averageCost: r.average_cost },
        updatedPosition: r.updated_position,
      });
    }
  }
  return state;
}

export async function saveJournalChanges(manager: EntityManager, { entries, skus, issues }: JournalChanges): Promise<void> {
  await new BulkWrite()
    .insert(
      'journal_entries',
      ENTRY_COLUMNS,
      entries.map((e) => ({
        entry_id: e.entryId,
        position: e.position,
        seq: e.seq,
        date: e.date,
        source_type: e.sourceType,
        source_id: e.sourceId,
        order_id: e.orderId,
        currency: e.currency,
        description: e.description,
        occurred_at: e.occurredAt,
      })),
    )
    .insert(
      'journal_lines',
      LINE_COLUMNS,
      entries.flatMap((e) =>
        e.lines.map(
          (l, lineNo): Row => ({
            entry_id: e.entryId,
            line_no: lineNo,
            account: l.account,
            debit: fromMinor(l.debit, e.currency),
            credit: fromMinor(l.credit, e.currency),
            currency: e.currency,
          }),
        ),
      ),
    )
    .upsert(
      'journal_stock_valuations',
      [['sku', 'text']],
      VALUATION_COLUMNS,
      [...skus].map((s) => ({
        sku: s.sku,
        currency: s.currency,
        on_hand: quantityText(s.valuation.onHand),
        value: s.valuation.value,
        average_cost: s.valuation.averageCost,
        updated_position: s.updatedPosition,
      })),
    )
    .upsert(
      'journal_stock_issues',
      [
        ['shipment_id', 'text'],
        ['line_id', 'text'],
      ],
      ISSUE_COLUMNS,
      [...issues].map((i) => ({
        shipment_id: i.shipmentId,
        line_id: i.lineId,
        order_id: i.orderId,
        sku: i.sku,
        quantity: quantityText(i.quantity),
        unit_cost: i.unitCost,
        amount: i.amount,
        returned_quantity: quantityText(i.returnedQuantity),
        returned_amount: i.returnedAmount,
      })),
    )
    .execute(manager);
}

const ENTRY_COLUMNS: Columns = [
  ['entry_id', 'text'],
  ['position', 'text'],
  ['seq', 'integer'],
  ['date', 'date'],
  ['source_type', 'text'],
  ['source_id', 'text'],
  ['order_id', 'text'],
  ['currency', 'text'],
  ['description', 'text'],
  ['occurred_at', 'timestamptz'],
];

const LINE_COLUMNS: Columns = [
  ['entry_id', 'text'],
  ['line_no', 'integer'],
  ['account', 'text'],
  ['debit', 'numeric'],
  ['credit', 'numeric'],
  ['currency', 'text'],
];

const VALUATION_COLUMNS: Columns = [
  ['currency', 'text'],
  ['on_hand', 'numeric'],
  ['value', 'numeric'],
  ['average_cost', 'numeric'],
  ['updated_position', 'text'],
];

const ISSUE_COLUMNS: Columns = [
  ['order_id', 'text'],
  ['sku', 'text'],
  ['quantity', 'numeric'],
  ['unit_cost', 'numeric'],
  ['amount', 'numeric'],
  ['returned_quantity', 'numeric'],
  ['returned_amount', 'numeric'],
];

interface IssueRow {
  shipment_id: string;
  line_id: string;
  order_id: string;
  sku: string;
  quantity: string;
  unit_cost: string;
  amount: string;
  returned_quantity: string;
  returned_amount: string;
}

interface ValuationRow {
  sku: string;
  currency: string | null;
  on_hand: string;
  value: string;
  average_cost: string;
  updated_position: string;
}

/** numeric(18,3) reads back as "12.500": quantities are exact in thousandths, so Number() is safe. */
const quantity = (text: string): Quantity => Math.round(Number(text) * 1000) / 1000;

