// The Content-Security-Policy the window runs under, the same wherever it is served from:
// Electron's app:// protocol (electron/main.ts) and the loopback server of browser mode
// (src/server/loopback.ts); src/ui/index.html carries the same policy in a meta tag
// (without frame-ancestors, which a meta tag cannot set).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
