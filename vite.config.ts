// The renderer (Svelte 5) is built by Vite into dist/renderer. In `npm run dev` a
// small plugin mounts the same API the loopback server and Electron serve, so the
// identical UI runs against the real services with hot reload.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

function yibaoApi(): Plugin {
  return {
    name: 'yibao-api',
    apply: 'serve',
    configureServer(server) {
      // Loaded through Vite's SSR loader so the services can render .svelte (the sheet), on the
      // first API call: while configureServer runs, Vite's CSS plugin cannot transform yet.
      const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
      let services: Promise<{ api: unknown; handleApi: (...args: unknown[]) => Promise<boolean> }> | null = null;
      const load = async () => {
        const { openServices } = await server.ssrLoadModule(here('./src/services/open-local.ts'));
        const { handleApi } = await server.ssrLoadModule(here('./src/server/loopback.ts'));
        return { api: await openServices(), handleApi };
      };
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/api/')) return next();
        const host = req.headers.host ?? '';
        const allowed = new Set([host.startsWith('127.0.0.1:') || host.startsWith('localhost:') ? host : '']);
        services ??= load();
        services.then(({ api, handleApi }) => handleApi(api, req, res, allowed)).then((handled) => (handled ? undefined : next()), next);
      });
    },
  };
}

export default defineConfig({
  root: 'src/ui',
  base: './',
  // The sheet's bundled font is served at fonts/ for the print preview.
  publicDir: '../sheet/assets',
  plugins: [svelte(), yibaoApi()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    rollupOptions: {
      // blank.html: an empty page of the same build, the benchmark's baseline.
      input: { main: 'src/ui/index.html', blank: 'src/ui/blank.html' },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
