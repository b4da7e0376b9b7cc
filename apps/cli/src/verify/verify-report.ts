import type { VerifyReport } from '@ledgerline/projections/verify/verify-all';

/** The report for a person: one line per check, then what failed and where. */
export function formatReport(report: VerifyReport): string {
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
  const lines: string[] = [];
  lines.push('(a) read models replayed from the log');
  for (const r of report.replay) {
    lines.push(`  ${mark(r.differences.length === 0 && r.failure === null)} ${r.projection} (${r.liveSchema} at ${r.position || 'the start'}, ${r.eventsApplied} events, ${r.tables} tables)`);
    if (r.failure) lines.push(`       replay stopped at ${r.failure.type} ${r.failure.streamId} version ${r.failure.version} (${r.failure.position}): ${r.failure.message}`);
    for (const d of r.differences) {
      lines.push(`       table ${d.table}: ${d.missingFromLive} row(s) missing from live, ${d.unexpectedInLive} unexpected in live`);
      for (const row of d.samples.unexpectedInLive) lines.push(`         live has:   ${row}`);
      for (const row of d.samples.missingFromLive) lines.push(`         replay has: ${row}`);
    }
  }
  lines.push(`(b) ledger invariants at ${report.invariantsPosition || 'the start'}`);
  for (const i of report.invariants) lines.push(`  ${mark(i.holds)} ${i.name}${i.holds ? '' : `: ${JSON.stringify(i.detail)}`}`);
  lines.push(`(c) hash chain: ${report.hashChain.eventsChecked} events`);
  if (report.hashChain.findings.length === 0) lines.push(`  ${mark(true)} every stream's chain holds`);
  for (const f of report.hashChain.findings) lines.push(`  ${mark(false)} ${f.streamId} version ${f.version}: ${f.kind} (${f.message})`);
  lines.push(report.ok ? 'VERIFIED: everything holds.' : 'NOT VERIFIED: see the failures above.');
  return `${lines.join('\n')}\n`;
}
