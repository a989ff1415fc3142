import { defineConfig } from 'tsup';

// The WSDLs, error tables and status tables come from the provider packages' own source files and are
// bundled here, so the emulator serves exactly what the clients ship without depending on them.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  target: 'node22',
  external: ['soap', '@x/core'],
});
