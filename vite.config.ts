import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: one static build that Electron serves from app:// and the loopback bridge over HTTP. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  // Relative asset URLs work under app://ui/ and http://127.0.0.1:PORT/ alike.
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // The polyfill is an inline script, which the strict CSP would refuse; Chromium needs none.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React's DOM renderer (~220 kB) in a script of its own: the window's first scripts are two of about
          // equal size, which Chromium parses side by side while they load, not one after the other.
          // The virtual lists (~60 kB), loaded after the first scripts (renderer/lib/virtual-lists.ts), named so.
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'virtuoso', test: /node_modules[\\/]react-virtuoso[\\/]/ },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
