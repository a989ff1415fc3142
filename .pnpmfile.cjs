// pnpm's hooks for this workspace.
module.exports = {
  hooks: {
    // The manifest users install (`pnpm pack` / `pnpm publish`) keeps what they need and none of our build
    // noise: scripts and devDependencies are for working in this repository only.
    beforePacking(manifest) {
      delete manifest.scripts;
      delete manifest.devDependencies;
      return manifest;
    },
  },
};
