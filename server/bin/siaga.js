#!/usr/bin/env node
// The `siaga` command: runs the compiled CLI (npm run build makes it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('siaga: the CLI is not built yet: run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(entry.href);
