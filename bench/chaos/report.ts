/** The chaos run's Markdown table and what failed, and the JSON kept in bench/results/. */
import type { ScenarioResult } from './scenario.ts';

const n = (value: number | null) => (value === null ? '–' : value.toLocaleString('en'));

export function chaosTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => {
    const recovery = r.recoveryS === null ? `> ${r.recoveryWaitS}` : r.recoveryS.toFixed(1);
    const verdict = r.verdict === 'pass' ? 'pass' : '**FAIL**';
    return `| ${r.fault} | ${n(r.commands.acked)} | ${n(r.lost)} | ${n(r.doubled)} | ${n(r.healthz.misses)} | ${recovery} | ${verdict} |`;
  });
  return `| fault | acked | lost | doubled | healthz misses | recovery s | verdict |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

export function chaosDetails(results: readonly ScenarioResult[]): string {
  return results
    .map((r) => {
      const c = r.commands;
      const refused =
        Object.entries(c.refused)
          .map(([code, count]) => `${count} ${code}`)
          .join(', ') || 'none';
      const lines = [
        `- **${r.fault}**: ${r.title}. ${c.sent} commands, ${c.acked} acked, refused ${refused}, ${c.unanswered} given up; ${c.retried} retried (${c.unavailableAnswers} \`unavailable\` answers, ${c.timeouts} ack timeouts). ${r.timeline.healTookS > 0.5 ? `The heal took ${r.timeline.healTookS} s. ` : ''}Ledger head ${r.ledger?.head ?? '–'} (${r.ledger?.source ?? 'not read'}). Max RSS per node ${r.maxRssMb.join(' / ')} MB. /readyz: ${r.readyz}.`,
        ...r.failures.map((f) => `  - ✗ ${f}`),
        ...r.examples.map((e) => `  - e.g. ${e}`),
      ];
      return lines.join('\n');
    })
    .join('\n');
}
