/**
 * The chart of accounts (domain.md "The ledger"): fixed codes, so postings, reports and dashboards agree
 * without a lookup. The journals migration seeds the `accounts` table with the same rows for SQL joins; a
 * spec checks the two never drift apart.
 */
export type AccountKind = 'asset' | 'liability' | 'income' | 'expense' | 'income/expense';

export interface Account {
  code: AccountCode;
  name: string;
  kind: AccountKind;
}

export const ACCOUNTS = {
  cash: '1000',
  receivables: '1100',
  inventory: '1200',
  goodsReceivedNotInvoiced: '2000',
  salesTax: '2100',
  customerAdvances: '2200',
  revenue: '4000',
  costOfGoodsSold: '5000',
  exchangeGainLoss: '7900',
} as const;

export type AccountCode = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/** In code order: the order of the trial balance. */
export const CHART_OF_ACCOUNTS: readonly Account[] = [
  { code: '1000', name: 'Cash and bank', kind: 'asset' },
  { code: '1100', name: 'Accounts receivable', kind: 'asset' },
  { code: '1200', name: 'Inventory', kind: 'asset' },
  { code: '2000', name: 'Goods received not invoiced', kind: 'liability' },
  { code: '2100', name: 'Sales tax payable', kind: 'liability' },
  { code: '2200', name: 'Customer advances (unapplied cash)', kind: 'liability' },
  { code: '4000', name: 'Sales revenue', kind: 'income' },
  { code: '5000', name: 'Cost of goods sold', kind: 'expense' },
  { code: '7900', name: 'Exchange gain/loss', kind: 'income/expense' },
];

const CODES: ReadonlySet<string> = new Set(CHART_OF_ACCOUNTS.map((a) => a.code));

export const isAccountCode = (text: string): text is AccountCode => CODES.has(text);
