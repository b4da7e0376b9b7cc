import { deciderSpec } from '../shared/decider-spec';
import { StockReceivedData, stockReceiptDecider } from './stock-receipt';

const spec = deciderSpec(stockReceiptDecider);
const receipt: StockReceivedData = { receiptId: 'r-1', sku: 'W-1', quantity: 2.5, unitCost: '4.1', currency: 'EUR' };

describe('stock receipt decider', () => {
  it('receives stock of a stocked product', () => {
    spec
      .given([])
      .when({ type: 'ReceiveStock', data: { ...receipt, product: { kind: 'stocked' } } })
      .then([{ type: 'StockReceived', data: { ...receipt, unitCost: '4.10' } }]);
  });

  it('refuses an unknown sku', () => {
    spec.given([]).when({ type: 'ReceiveStock', data: { ...receipt, product: null } }).thenRefuses('PRODUCT_NOT_FOUND');
  });

  it('refuses stock for a service', () => {
    spec
      .given([])
      .when({ type: 'ReceiveStock', data: { ...receipt, product: { kind: 'service' } } })
      .thenRefuses('PRODUCT_NOT_STOCKED');
  });

  it('refuses to record the same receipt twice', () => {
    spec
      .given([{ type: 'StockReceived', data: receipt }])
      .when({ type: 'ReceiveStock', data: { ...receipt, product: { kind: 'stocked' } } })
      .thenRefuses('RECEIPT_EXISTS');
  });
});

describe('stock receipt decider at the bounds', () => {
  it.each([999_999_999.999, 0.001])('receives %p', (quantity) => {
    spec
      .given([])
      .when({ type: 'ReceiveStock', data: { ...receipt, quantity, product: { kind: 'stocked' } } })
      .then([{ type: 'StockReceived', data: { ...receipt, quantity, unitCost: '4.10' } }]);
  });

  it.each([1e21, 1_000_000_000, Number.MAX_SAFE_INTEGER + 2, 1e308, 1e-7, 0.0005, 1.0001, 0, -1, Number.NaN])('refuses quantity %p', (quantity) => {
    spec
      .given([])
      .when({ type: 'ReceiveStock', data: { ...receipt, quantity, product: { kind: 'stocked' } } })
      .thenRefuses('VALIDATION_FAILED');
  });

  it('refuses a unit cost with more than 13 integer digits', () => {
    spec
      .given([])
      .when({ type: 'ReceiveStock', data: { ...receipt, unitCost: '10000000000000', product: { kind: 'stocked' } } })
      .thenRefuses('VALIDATION_FAILED');
  });
});
