import { workspaceEntries } from './scripts/typedocExports.js';

const entries = workspaceEntries('packages');

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPointStrategy: 'packages',
  entryPoints: ['packages/*'],
  plugin: ['./scripts/typedocExports.js'],
  packageOptions: {
    // `@x/…` imports resolve to the other packages' sources (not their dist), so a type from another
    // package links to its page
    compilerOptions: {
      paths: Object.fromEntries(entries.map(({ specifier, source }) => [specifier, [source]])),
    },
    // type errors are the typecheck task's job; this one checks the documentation
    skipErrorChecking: true,
    // no "defined in" links: they need a hosted git remote, which a clone of a local path lacks
    disableSources: true,
    // each package is converted and checked on its own (links are checked once, after the merge)
    validation: { notExported: true, notDocumented: true },
  },
  // module names are import specifiers (`@x/core/soap`): do not turn their slashes into folders
  navigation: { includeFolders: false },
  out: 'docs/api',
  name: '@x auth SDKs',
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
  disableSources: true,
};
