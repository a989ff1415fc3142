import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild({
  entry: [
    'src/index.ts',
    'src/soap/index.ts',
    'src/http/index.ts',
    'src/testing/index.ts',
    'src/testing/vitest.ts',
  ],
});
