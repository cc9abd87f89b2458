// Loopback ports of the hall benchmark (tests/bench/hall-load.test.ts, bench/): YIBAO_E2E_PORT
// moves them, so two checkouts on one machine can run at the same time. The browser tests
// need none: each spec file's server and hall listen on a port the kernel picks (support.ts).
export const E2E_PORT = Number(process.env.YIBAO_E2E_PORT ?? 5310);
