// Loaded with `node --import` by srcProcess.ts: src imports its siblings as `./x.js` (what the build
// emits), so a child process running src's TypeScript finds `./x.js` as `./x.ts` when only that exists.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
    }
  },
});
