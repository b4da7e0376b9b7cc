import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CustomerCommand, customerDecider, customerStream } from '../../domain/customer/customer';
import { AggregateStore } from '../shared/aggregate-store';
import { CommandContext } from '../shared/command-context';
import { CustomerView, customerView } from './customer-view';

export class ExecuteCustomerCommand {
  constructor(
    readonly command: CustomerCommand,
    readonly context: CommandContext,
  ) {}
}

export class GetCustomer {
  constructor(readonly customerId: string) {}
}

@CommandHandler(ExecuteCustomerCommand)
export class CustomerCommandHandler implements ICommandHandler<ExecuteCustomerCommand, CustomerView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ command, context }: ExecuteCustomerCommand): Promise<CustomerView> {
    const { customerId } = command.data;
    return customerView(customerId, await this.aggregates.execute(customerDecider, customerStream(customerId), command, context));
  }
}

@QueryHandler(GetCustomer)
export class GetCustomerHandler implements IQueryHandler<GetCustomer, CustomerView> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ customerId }: GetCustomer): Promise<CustomerView> {
    return customerView(customerId, await this.aggregates.load(customerDecider, customerStream(customerId)));
  }
}
