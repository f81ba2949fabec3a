import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Baton's UI. `npm run dev -w @baton/web` proxies /graphql to a running `baton dev` on :3000. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000' } },
});
