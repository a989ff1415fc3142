import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/soap/index.ts', 'src/http/index.ts', 'src/testing/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'node22',
  external: ['soap', 'ky', 'vitest'],
});
