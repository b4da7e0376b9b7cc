/**
 * The aging report's buckets (api.md "Read models"), by days past due at the report date: the due date
 * itself is day 0 and still `current`; the day after it is day 1. One definition serves the SQL of
 * receivables.queries.ts and anyone who needs to place a single invoice.
 */
export const AGING_BUCKETS = [
  { name: 'current', maxDays: 0 },
  { name: 'd1_30', maxDays: 30 },
  { name: 'd31_60', maxDays: 60 },
  { name: 'd61_90', maxDays: 90 },
  { name: 'd90_plus', maxDays: Infinity },
] as const;

export type AgingBucket = (typeof AGING_BUCKETS)[number]['name'];

export function agingBucketOf(daysPastDue: number): AgingBucket {
  return (AGING_BUCKETS.find((bucket) => daysPastDue <= bucket.maxDays) ?? AGING_BUCKETS[AGING_BUCKETS.length - 1]).name;
}

/** The SQL condition placing `days` (an integer expression) in each bucket: lower bound exclusive, upper inclusive. */
export function agingBucketConditions(days: string): { name: AgingBucket; condition: string }[] {
  return AGING_BUCKETS.map((bucket, i) => {
    const above = i === 0 ? null : AGING_BUCKETS[i - 1].maxDays;
    const parts = [above === null ? null : `${days} > ${above}`, Number.isFinite(bucket.maxDays) ? `${days} <= ${bucket.maxDays}` : null].filter(Boolean);
    return { name: bucket.name, condition: parts.join(' AND ') };
  });
}
