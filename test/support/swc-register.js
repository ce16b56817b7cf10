'use strict';
// Lets a child process run the TypeScript sources directly (`node -r ./test/support/swc-register.js`),
// compiled on load by @swc/core as jest does, so process tests need no `npm run build` first.
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
