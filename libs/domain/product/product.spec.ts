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

describe('product changes', () => {
  const created = { type: 'ProductCreated' as const, data: { ...widget, unitPrice: '10.50', taxRate: '0.20', unitCost: '4.00' } };
  const update = (changes: object, active?: boolean) => ({ type: 'UpdateProduct' as const, data: { sku: 'W-1', changes, ...(active === undefined ? {} : { active }) } });

  it('records only the fields that change, in canonical form', () => {
    spec
      .given([created])
      .when(update({ name: 'Widget', unitPrice: '12', taxRate: '0.2', supplierId: 'b5f8c3a0-0000-4000-8000-000000000001', purchasePrice: '3.5' }))
      .then([
        {
          type: 'ProductUpdated',
          data: { sku: 'W-1', changes: { unitPrice: '12.00', supplierId: 'b5f8c3a0-0000-4000-8000-000000000001', purchasePrice: '3.50' } },
        },
      ]);
  });

  it('writes nothing for a change to what the product already is', () => {
    spec.given([created]).when(update({ unitPrice: '10.5', name: 'Widget' }, true)).then([]);
  });

  it('deactivates and reactivates, beside a change in the same command', () => {
    spec
      .given([created])
      .when(update({ unitPrice: '11.00' }, false))
      .then([
        { type: 'ProductUpdated', data: { sku: 'W-1', changes: { unitPrice: '11.00' } } },
        { type: 'ProductDeactivated', data: { sku: 'W-1' } },
      ]);
    spec
      .given([created, { type: 'ProductDeactivated', data: { sku: 'W-1' } }])
      .when(update({}, true))
      .then([{ type: 'ProductReactivated', data: { sku: 'W-1' } }]);
    spec.given([created, { type: 'ProductDeactivated', data: { sku: 'W-1' } }]).when(update({}, false)).then([]);
  });

  it('clears the supplier, the purchase price and the cost with null', () => {
    spec
      .given([created, { type: 'ProductUpdated', data: { sku: 'W-1', changes: { supplierId: 'b5f8c3a0-0000-4000-8000-000000000001', purchasePrice: '3.50' } } }])
      .when(update({ supplierId: null, purchasePrice: null, unitCost: null }))
      .then([{ type: 'ProductUpdated', data: { sku: 'W-1', changes: { supplierId: null, purchasePrice: null, unitCost: null } } }]);
  });

  it('refuses a unit cost on a service, and an unknown sku', () => {
    spec
      .given([{ type: 'ProductCreated', data: { ...widget, sku: 'S-1', kind: 'service', unitCost: null } }])
      .when({ type: 'UpdateProduct', data: { sku: 'S-1', changes: { unitCost: '2.00' } } })
      .thenRefuses('SERVICE_HAS_NO_COST');
    spec.given([]).when(update({ name: 'Ghost' })).thenRefuses('PRODUCT_NOT_FOUND');
  });

  it('refuses money with more digits than the currency has', () => {
    spec.given([created]).when(update({ purchasePrice: '3.505' })).thenRefuses('VALIDATION_FAILED');
  });

  it('folds the changes into the state', () => {
    const state = [
      created,
      { type: 'ProductUpdated' as const, data: { sku: 'W-1', changes: { unitPrice: '12.00', supplierId: 'b5f8c3a0-0000-4000-8000-000000000001' } } },
      { type: 'ProductDeactivated' as const, data: { sku: 'W-1' } },
    ].reduce(productDecider.evolve, productDecider.initialState);
    expect(state).toEqual({ status: 'inactive', ...created.data, unitPrice: '12.00', supplierId: 'b5f8c3a0-0000-4000-8000-000000000001', purchasePrice: null });
  });
});
