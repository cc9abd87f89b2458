// One line per goal of issue 14, in a form scripts/bench.mjs gathers into docs/benchmarks.md's
// table (goal, figure, ratio): "◆ goal ‖ figure ‖ ratio". The ratio is the figure over what the
// goal allows (≤ 1 meets it).
/**
 * @param {string} goal the goal as the issue words it
 * @param {string} figure what was measured, with what it is compared to
 * @param {number} ratio the measured ratio (or value) divided by the goal's limit
 */
export function goalLine(goal, figure, ratio) {
  const verdict = Number.isFinite(ratio) ? `${ratio.toFixed(2)}× the limit — ${ratio <= 1 ? 'met' : 'not met'}` : 'not measured';
  return `◆ ${goal} ‖ ${figure} ‖ ${verdict}`;
}
