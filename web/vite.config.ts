/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// In `npm run dev` the API and the local login are proxied to the local gateway,
// so the app talks to its own origin exactly as it does behind CloudFront.
const gateway = process.env.HELPDESK_URL ?? 'http://127.0.0.1:3000';

// Mantine and the packages only it uses.
const MANTINE_DEPS = [
  '@mantine',
  '@floating-ui',
  'react-remove-scroll',
  'react-remove-scroll-bar',
  'react-style-singleton',
  'use-callback-ref',
  'use-sidecar',
  'react-number-format',
  'react-textarea-autosize',
  'clsx',
  'tslib',
  'get-nonce',
  'detect-node-es',
];

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: {
      '/api': gateway,
      '/local': gateway,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    rollupOptions: {
      output: {
        // Keep the large, rarely changing libraries in their own cacheable chunks. A
        // function, not a list: with a list, helpers the libraries share landed in the
        // mantine chunk and made a react <-> mantine import cycle.
        manualChunks(id) {
          if (id.includes('commonjsHelpers')) return 'react';
          if (!id.includes('/node_modules/')) return undefined;
          if (id.includes('/node_modules/@tanstack/')) return 'query';
          if (MANTINE_DEPS.some((pkg) => id.includes(`/node_modules/${pkg}/`))) return 'mantine';
          return 'react';
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // Page tests type into real Mantine forms; on a loaded 2-core CI machine one of them
    // took over Vitest's default 5 s. A hang still fails, just later.
    testTimeout: 30_000,
  },
});
