import { runCli } from './cli.js';

// Exit explicitly: a finished command must not wait on idle pool timers.
process.exit(await runCli(process.argv.slice(2)));
