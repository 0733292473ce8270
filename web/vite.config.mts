import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * One single-page bundle for the portal and the console. Assets live under /assets/ so they
 * never collide with API paths; the API serves dist/web (production) or runs this config in
 * middleware mode (development).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/assets/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(import.meta.dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    // Assets go straight under /assets/ (the base), not /assets/assets/.
    assetsDir: '.',
    rollupOptions: {
      // The console imports workflow contracts for their id helpers only: the Temporal SDK's
      // definitions they also hold (queries, signals, search attribute keys) stay out of the bundle.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/@temporalio/'), manualPureFunctions: ['defineQuery', 'defineSignal', 'defineUpdate', 'defineSearchAttributeKey'] },
      // React Query and React Router mark their modules "use client"; meaningless in a plain SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
