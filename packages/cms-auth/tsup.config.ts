import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild({
  entry: ['src/index.ts', 'src/contract.ts', 'src/express.ts', 'src/fastify.ts', 'src/hono.ts'],
});
