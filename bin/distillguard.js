#!/usr/bin/env -S node --max-semi-space-size=64
'use strict';
// A young generation of 64 MB semi-spaces (V8's default is 16): a batch's events then mostly die
// there instead of being copied out and promoted; in the Kafka consumer that halved the bytes
// promoted and cut its CPU per event by about a seventh. `node bin/distillguard.js` needs the flag
// given itself (the container's entrypoint does).
// The CLI is written in TypeScript and compiled to dist/ by `npm ci` (the `prepare` script).
require('../dist/services/cli/main.js').main(process.argv.slice(2));
