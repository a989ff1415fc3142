// Loaded with `--import` into a child process that runs core's TypeScript source (see sourceChild.ts):
// src imports its siblings as `./name.js`, which exist only as `./name.ts` before the build.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
