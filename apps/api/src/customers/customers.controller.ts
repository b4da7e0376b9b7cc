import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CustomerView } from '@ledgerline/application/customers/customer-view';
import { ExecuteCustomerCommand, GetCustomer } from '@ledgerline/application/customers/customer.handlers';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CommandDocs, QueryDocs } from '../http/api-docs';
import { ReadableBy, WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { Problem } from '../http/problem';
import { ContactDto, CreateCustomerDto, CustomerResponse, UpdateCustomerDto } from './customer.dto';

@ApiTags('Master data')
@Controller('v1/customers')
@ReadableBy('operations')
@WritableBy('sales')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: CustomerResponse })
  create(@Body() dto: CreateCustomerDto, @CommandCtx() context: HttpCommandContext): Promise<CustomerView> {
    const customerId = newResourceId('customer', context);
    return this.commands.execute(
      new ExecuteCustomerCommand(
        {
          type: 'CreateCustomer',
          data: {
            customerId,
            name: dto.name,
            currency: dto.currency ?? this.config.BASE_CURRENCY,
            creditLimit: dto.creditLimit ?? null,
            paymentTermsDays: dto.paymentTermsDays ?? 30,
            invoicePolicy: dto.invoicePolicy ?? 'ordered',
            email: dto.email ?? null,
            billingAddress: dto.billingAddress ? { ...dto.billingAddress } : null,
            shippingAddress: dto.shippingAddress ? { ...dto.shippingAddress } : null,
            salespersonId: dto.salespersonId ?? null,
          },
        },
        context,
      ),
    );
  }

  @Get(':id')
  @QueryDocs()
  @ApiOkResponse({ type: CustomerResponse })
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string): Promise<CustomerView> {
    return this.queries.execute(new GetCustomer(id));
  }

  @Patch(':id')
  @CommandDocs()
  @ApiOkResponse({ type: CustomerResponse })
  update(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string,
    @Body() dto: UpdateCustomerDto,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<CustomerView> {
    const { blocked, blockReason, billingAddress, shippingAddress, ...rest } = dto;
    if (Object.values(dto).every((value) => value === undefined)) {
      throw new Problem(400, 'VALIDATION_FAILED', 'Send at least one field to change', [{ field: '', message: 'empty patch' }]);
    }
    const changes = {
      ...rest,
      ...(billingAddress !== undefined ? { billingAddress: billingAddress && { ...billingAddress } } : {}),
      ...(shippingAddress !== undefined ? { shippingAddress: shippingAddress && { ...shippingAddress } } : {}),
    };
    return this.commands.execute(
      new ExecuteCustomerCommand({ type: 'UpdateCustomer', data: { customerId: id, changes, blocked, blockReason } }, context),
    );
  }

  @Post(':id/contacts')
  @HttpCode(201)
  @CommandDocs()
  @ApiCreatedResponse({ type: CustomerResponse, description: 'The customer with the new contact' })
  addContact(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string,
    @Body() dto: ContactDto,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<CustomerView> {
    const contact = { contactId: newResourceId('contact', context), name: dto.name, email: dto.email ?? null, phone: dto.phone ?? null, role: dto.role };
    return this.commands.execute(new ExecuteCustomerCommand({ type: 'AddContact', data: { customerId: id, contact } }, context));
  }

  @Delete(':id/contacts/:contactId')
  @CommandDocs()
  @ApiOkResponse({ type: CustomerResponse, description: 'The customer without the contact' })
  removeContact(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string,
    @Param('contactId', new ParseUUIDPipe({ exceptionFactory: () => new Problem(404, 'CONTACT_NOT_FOUND', 'No such contact') })) contactId: string,
    @CommandCtx() context: HttpCommandContext,
  ): Promise<CustomerView> {
    return this.commands.execute(new ExecuteCustomerCommand({ type: 'RemoveContact', data: { customerId: id, contactId } }, context));
  }
}

/** An id that is not a UUID names no customer: 404, like any unknown id. */
function notFound(): Problem {
  return new Problem(404, 'CUSTOMER_NOT_FOUND', 'No such customer');
}
