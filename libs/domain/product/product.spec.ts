import { deciderSpec } from '../shared/decider-spec';
import { ProductDetails, productDecider } from './product';

const spec = deciderSpec(productDecider);
const widget: ProductDetails = {
  sku: 'W-1',
  name: 'Widget',
  kind: 'stocked',
  currency: 'EUR',
  unitPrice: '10.5',
  taxRate: '0.2',
  unitCost: '4',
};

describe('product decider', () => {
  it('creates a product with canonical money and rates', () => {
    spec
      .given([])
      .when({ type: 'CreateProduct', data: widget })
      .then([{ type: 'ProductCreated', data: { ...widget, unitPrice: '10.50', taxRate: '0.20', unitCost: '4.00' } }]);
  });

  it('refuses a sku that is taken', () => {
    spec
      .given([{ type: 'ProductCreated', data: widget }])
      .when({ type: 'CreateProduct', data: { ...widget, name: 'Other' } })
      .thenRefuses('SKU_TAKEN');
  });

  it('refuses a unit cost on a service', () => {
    spec
      .given([])
      .when({ type: 'CreateProduct', data: { ...widget, sku: 'S-1', kind: 'service' } })
      .thenRefuses('SERVICE_HAS_NO_COST');
  });
});
