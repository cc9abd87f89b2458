// Loopback ports of the browser tests. YIBAO_E2E_PORT moves them all, so two checkouts
// on one machine can run their tests at the same time.
export const E2E_PORT = Number(process.env.YIBAO_E2E_PORT ?? 5310);
/** First port of the servers a test starts on its own database (data.spec.ts). */
export const E2E_EXTRA_PORTS_FROM = E2E_PORT + 20;
/** First port of the servers the policy-upkeep tests start on their own databases (+70 … +79). */
export const E2E_UPKEEP_PORTS_FROM = E2E_PORT + 70;
/** The coverage view's own server and database (coverage.spec.ts): +60. */
export const E2E_COVERAGE_PORT = E2E_PORT + 60;
/** The own server and database of clerk-day-2b.spec.ts (an administrator PIN and a local rule are set there): +66. */
export const E2E_CLERK_DAY_2B_PORT = E2E_PORT + 66;
