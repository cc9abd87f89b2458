// Test-only: loaded with `node --import` into every server the browser tests start
// (tests/e2e/support.ts serveOwn).
//
// 1. The clock, when YIBAO_TEST_NOW (an ISO instant) is set: the process's Date reads that
//    instant when the process starts and runs on from there, so the services see the same
//    "today" as the test's window (page.clock), whatever the machine's date. Timers and
//    performance.now are untouched.
// 2. The server ends when the test process that started it is gone (a killed run), instead of
//    serving on forever.
const start = process.env.YIBAO_TEST_NOW;
if (start) {
  const Real = Date;
  const at = Real.parse(start);
  if (Number.isNaN(at)) throw new Error(`YIBAO_TEST_NOW is not a time: ${start}`);
  const offset = at - Real.now();
  const now = () => Real.now() + offset;
  // A function, not a subclass: `Date()` without `new` must still answer a string.
  function ShiftedDate(...args) {
    if (!new.target) return new Real(now()).toString();
    return args.length === 0 ? new Real(now()) : new Real(...args);
  }
  Object.setPrototypeOf(ShiftedDate, Real);
  ShiftedDate.prototype = Real.prototype;
  ShiftedDate.now = now;
  globalThis.Date = ShiftedDate;
}

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1_000).unref();
