// A stand-in for Chromium that speaks what src/sheet/pdf.ts speaks: the DevTools protocol over
// --remote-debugging-pipe (JSON messages ended by NUL, ours on fd 3, its answers on fd 4). It
// opens a target, asks for the sheet's address as a paused request, takes the HTML we fulfil it
// with and keeps it in its profile folder (`--user-data-dir`, as a real Chromium's cache would),
// reports the page idle, and answers Page.printToPDF with a small PDF.
//
// Environment (read when it starts):
//   FAKE_CHROMIUM_MODE  ok (default) · fail (exits 1 at once, a message on stderr) · hang (never
//                       answers printToPDF, until killed) · wait (answers once $FAKE_DIR/release exists)
//   FAKE_CHROMIUM_PIDS  a file it appends its pid to when it starts, and `<file>.loaded` once the
//                       sheet's HTML is in its profile
//   FAKE_DIR            a folder whose `log` gets "start PID" and "end PID" lines
// It is written for the Node running the tests (its path in the first line), so it needs nothing else.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const mode = process.env.FAKE_CHROMIUM_MODE || 'ok';
const pids = process.env.FAKE_CHROMIUM_PIDS;
const log = process.env.FAKE_DIR ? path.join(process.env.FAKE_DIR, 'log') : null;
const profile = (args.find((a) => a.startsWith('--user-data-dir=')) || '').slice('--user-data-dir='.length);
if (pids) fs.appendFileSync(pids, process.pid + '\\n');
if (log) fs.appendFileSync(log, 'start ' + process.pid + '\\n');
if (mode === 'fail') {
  process.stderr.write('fake chromium failed\\n');
  process.exit(1);
}
if (!args.includes('--remote-debugging-pipe')) {
  process.stderr.write('this stand-in speaks only the DevTools pipe\\n');
  process.exit(2);
}
const out = fs.createWriteStream(null, { fd: 4 });
const send = (message) => out.write(JSON.stringify(message) + '\\0');
let buffer = '';
const input = fs.createReadStream(null, { fd: 3, encoding: 'utf8' });
input.on('data', (chunk) => {
  buffer += chunk;
  for (let end = buffer.indexOf('\\0'); end >= 0; end = buffer.indexOf('\\0')) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    handle(message);
  }
});
input.on('end', () => process.exit(0));
function handle(m) {
  const reply = (result) => send({ id: m.id, result, ...(m.sessionId ? { sessionId: m.sessionId } : {}) });
  switch (m.method) {
    case 'Target.createTarget':
      return reply({ targetId: 'T1' });
    case 'Target.attachToTarget':
      return reply({ sessionId: 'S1' });
    case 'Page.navigate':
      reply({ frameId: 'F1', loaderId: 'L1' });
      return send({ method: 'Fetch.requestPaused', sessionId: 'S1', params: { requestId: 'R1', request: { url: m.params.url, method: 'GET' } } });
    case 'Fetch.fulfillRequest': {
      if (profile) {
        fs.mkdirSync(path.join(profile, 'Cache'), { recursive: true });
        fs.writeFileSync(path.join(profile, 'Cache', 'page'), Buffer.from(m.params.body, 'base64'));
      }
      if (pids) fs.appendFileSync(pids + '.loaded', process.pid + '\\n');
      reply({});
      return send({ method: 'Page.lifecycleEvent', sessionId: 'S1', params: { name: 'networkIdle', loaderId: 'L1', frameId: 'F1' } });
    }
    case 'Page.printToPDF': {
      if (mode === 'hang') return;
      const finish = () => {
        if (log) fs.appendFileSync(log, 'end ' + process.pid + '\\n');
        reply({ data: Buffer.from('%PDF-1.4 stand-in\\n%%EOF\\n').toString('base64') });
      };
      if (mode !== 'wait') return finish();
      const release = path.join(process.env.FAKE_DIR, 'release');
      const timer = setInterval(() => {
        if (!fs.existsSync(release)) return;
        clearInterval(timer);
        finish();
      }, 10);
      return;
    }
    case 'Browser.close':
      reply({});
      return setImmediate(() => process.exit(0));
    default:
      return reply({});
  }
}
`;

/** Writes the stand-in into `dir` and returns its path (for CHROMIUM_PATH). */
export function writeFakeChromium(dir: string): string {
  const file = join(dir, 'fake-chromium.cjs');
  writeFileSync(file, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(file, 0o755);
  return file;
}
