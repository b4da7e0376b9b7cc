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
