// The window's one "after a pause, and only the latest" machine (src/ui/state/latest.ts), which
// the draft's autosave, the case search and the library's refresh use. Time is fake: the pause
// passes only when the test advances the clock, and each run ends only when the test answers it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Latest } from '../../src/ui/state/latest.ts';

/** A run the test answers by hand, in any order. */
function runs<T>() {
  const started: Array<{ input: string; answer: (value: T) => void }> = [];
  let input = '';
  return {
    started,
    set input(value: string) {
      input = value;
    },
    run: () => new Promise<T>((answer) => started.push({ input, answer })),
  };
}

/** Lets the promise callbacks of answered runs go through. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Latest: debounced', () => {
  it('waits for the typing to pause, then runs once with what is typed then', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a), { pauseMs: 150 });
    r.input = 'z';
    void latest.request();
    await vi.advanceTimersByTimeAsync(100);
    r.input = 'zh';
    void latest.request();
    await vi.advanceTimersByTimeAsync(100);
    r.input = 'zha';
    void latest.request();
    expect(latest.waiting).toBe(true);
    await vi.advanceTimersByTimeAsync(149);
    expect(r.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.started.map((s) => s.input)).toEqual(['zha']);
    expect(latest.waiting).toBe(false);
    expect(latest.pending).toBe(true);
    r.started[0]?.answer('list for zha');
    await settle();
    expect(delivered).toEqual(['list for zha']);
    expect(latest.pending).toBe(false);
  });

  it('a request replaced while it waits resolves false at once; the newest resolves true when answered', async () => {
    const r = runs<string>();
    const latest = new Latest(r.run, () => undefined, { pauseMs: 500 });
    const first = latest.request();
    const second = latest.request();
    await expect(first).resolves.toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    r.started[0]?.answer('done');
    await expect(second).resolves.toBe(true);
  });

  it('flush starts the waiting request now (Enter, a field left); nothing when none waits', async () => {
    const r = runs<string>();
    const latest = new Latest(r.run, () => undefined, { pauseMs: 500 });
    latest.flush();
    expect(r.started).toEqual([]);
    r.input = 'now';
    void latest.request();
    latest.flush();
    expect(r.started.map((s) => s.input)).toEqual(['now']);
    // The pause that was cut short does not start it a second time.
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.started).toHaveLength(1);
  });

  it('cancel drops the waiting request and the answer of one under way; later requests run as usual', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a), { pauseMs: 150 });
    void latest.request(0);
    const waiting = latest.request();
    latest.cancel();
    await expect(waiting).resolves.toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.started).toHaveLength(1);
    r.started[0]?.answer('unwanted');
    await settle();
    expect(delivered).toEqual([]);
    void latest.request(0);
    r.started[1]?.answer('wanted');
    await settle();
    expect(delivered).toEqual(['wanted']);
  });

  it('a pause of 0 runs at once, and a request may choose its own pause', async () => {
    const r = runs<string>();
    const latest = new Latest(r.run, () => undefined, { pauseMs: 150 });
    void latest.request(0);
    expect(r.started).toHaveLength(1);
    void latest.request();
    expect(r.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(150);
    expect(r.started).toHaveLength(2);
  });
});

describe('Latest: only the newest answer', () => {
  it('an older answer arriving last is not delivered (two refreshes close together)', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a));
    const older = latest.request();
    const newer = latest.request();
    expect(r.started).toHaveLength(2);
    r.started[1]?.answer('new library');
    r.started[0]?.answer('old library');
    await settle();
    expect(delivered).toEqual(['new library']);
    await expect(older).resolves.toBe(false);
    await expect(newer).resolves.toBe(true);
  });

  it('an older answer arriving first is not delivered either: a newer request is on its way', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a));
    void latest.request();
    void latest.request();
    r.started[0]?.answer('old');
    await settle();
    expect(delivered).toEqual([]);
    expect(latest.pending).toBe(true);
    r.started[1]?.answer('new');
    await settle();
    expect(delivered).toEqual(['new']);
  });

  it('settled() follows the newest request: false when typing went on after Enter', async () => {
    const r = runs<string>();
    const latest = new Latest(r.run, () => undefined, { pauseMs: 150 });
    void latest.request();
    latest.flush();
    const enter = latest.settled();
    void latest.request();
    r.started[0]?.answer('stale');
    await expect(enter).resolves.toBe(false);
    await vi.advanceTimersByTimeAsync(150);
    const later = latest.settled();
    r.started[1]?.answer('fresh');
    await expect(later).resolves.toBe(true);
  });
});

describe('Latest: serial (the draft)', () => {
  it('one write at a time: a change during a write is written after it, once, with the form as it is then', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a), { pauseMs: 500, serial: true });
    r.input = 'form 1';
    void latest.request();
    latest.flush();
    expect(r.started.map((s) => s.input)).toEqual(['form 1']);
    r.input = 'form 2';
    void latest.request(0);
    r.input = 'form 3';
    void latest.request();
    await vi.advanceTimersByTimeAsync(500);
    // Still one write under way: the next waits for it.
    expect(r.started).toHaveLength(1);
    r.input = 'form 4';
    r.started[0]?.answer('saved 1');
    await settle();
    expect(r.started.map((s) => s.input)).toEqual(['form 1', 'form 4']);
    // The first write's answer is not the latest form's: not delivered.
    expect(delivered).toEqual([]);
    expect(latest.pending).toBe(true);
    r.started[1]?.answer('saved 4');
    await settle();
    expect(delivered).toEqual(['saved 4']);
    expect(latest.pending).toBe(false);
  });

  it('close drops the waiting write, refuses later ones, and resolves once the running write has landed', async () => {
    const r = runs<string>();
    const delivered: string[] = [];
    const latest = new Latest(r.run, (a) => delivered.push(a), { pauseMs: 500, serial: true });
    void latest.request(0);
    const waiting = latest.request();
    let closed = false;
    void latest.close().then(() => (closed = true));
    await expect(waiting).resolves.toBe(false);
    await settle();
    expect(closed).toBe(false);
    r.started[0]?.answer('landed');
    await settle();
    expect(closed).toBe(true);
    expect(delivered).toEqual([]);
    await expect(latest.request(0)).resolves.toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.started).toHaveLength(1);
  });

  it('close with nothing running resolves at once', async () => {
    const latest = new Latest(
      () => Promise.resolve(1),
      () => undefined,
      { serial: true },
    );
    await expect(latest.close()).resolves.toBeUndefined();
  });
});
