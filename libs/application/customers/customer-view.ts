import { CustomerState } from '../../domain/customer/customer';
import { NotFoundError } from '../../domain/shared/domain-error';
import { Current } from '../shared/aggregate-store';

/** The customer as api.md shows it. */
export function customerView(customerId: string, { state, version, position }: Current<CustomerState>) {
  if (state.status === 'none') throw new NotFoundError('CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist`);
  const { status, customerId: id, ...profile } = state;
  return { id, ...profile, blocked: status === 'blocked', version, position };
}

export type CustomerView = ReturnType<typeof customerView>;
