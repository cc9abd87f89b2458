// Test-only: loaded with `node --import` into a server the browser tests start (tests/e2e/support.ts),
// it moves the process's clock so that it reads YIBAO_TEST_NOW (an ISO instant) when the process
// starts, and runs on from there. The services then see the same "today" as the test's window
// (page.clock), whatever the machine's date. Timers and performance.now are untouched.
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
