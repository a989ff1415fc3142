import { packageBuild } from '../../tsup.shared.ts';

// The WSDLs, error tables and status tables come from the provider packages' own source files and are
// bundled here, so the emulator serves exactly what the clients ship without depending on them.
export default packageBuild({ entry: ['src/index.ts', 'src/cli.ts'], dts: { entry: 'src/index.ts' } });
