import { packageBuild } from '../../tsup.shared.ts';

// The WSDLs, error tables and status tables come from the provider packages' `/contract` subpaths and are
// bundled here, code and types, so the emulator serves exactly what the clients ship while depending on
// none of them: installing it pulls no SDK and none of their libraries (soap, ky…). (The types go through
// `paths`: tsup's own resolver for `dts.resolve` does not read `exports`.)
export default packageBuild({
  entry: ['src/index.ts', 'src/cli.ts'],
  noExternal: [/^@x\/(clickatell-soap|clickatell-mfa|sbt|cms-auth)\/contract$/],
  dts: {
    entry: 'src/index.ts',
    compilerOptions: { paths: { '@x/*/contract': ['../*/dist/contract.d.ts'] } },
  },
});
