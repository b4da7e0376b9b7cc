import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApplyCredit, PaymentView, ReceivePayment } from '@ledgerline/application/payments/payment.handlers';
import { APP_CONFIG } from '@ledgerline/application/shared/tokens';
import type { AppConfig } from '@ledgerline/platform/config/app-config';
import { CommandDocs } from '../http/api-docs';
import { WritableBy } from '../http/auth';
import { CommandCtx, type HttpCommandContext } from '../http/command-context.decorator';
import { newResourceId } from '../http/new-id';
import { uuidParam } from '../http/uuid-param';
import { ApplyCreditDto, PaymentDto } from './payment.dto';

/** api.md "Invoices, payments, credit notes": payments with their allocations, and applying unapplied credit. */
@ApiTags('Payments')
@Controller('v1')
@WritableBy('accounting')
export class PaymentsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('payments')
  @HttpCode(201)
  @CommandDocs()
  receive(@Body() dto: PaymentDto, @CommandCtx() context: HttpCommandContext): Promise<PaymentView> {
    const paymentId = newResourceId('payment', context);
    const { allocations, ...payment } = dto;
    return this.commands.execute(
      new ReceivePayment({ ...payment, paymentId, allocations: (allocations ?? []).map((a) => ({ ...a })) }, this.config.BASE_CURRENCY, context),
    );
  }

  @Post('customers/:id/apply-credit')
  @HttpCode(200)
  @CommandDocs()
  applyCredit(@Param('id', uuidParam('CUSTOMER_NOT_FOUND', 'customer')) id: string, @Body() dto: ApplyCreditDto, @CommandCtx() context: HttpCommandContext) {
    const applicationId = newResourceId('creditApplication', context);
    return this.commands.execute(new ApplyCredit(id, applicationId, dto.invoiceId, dto.amount, this.config.BASE_CURRENCY, context));
  }
}
