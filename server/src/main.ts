import { createApp } from './app/create-app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DataDirLockedError } from './database/lock-file.js';

async function main(): Promise<void> {
  // `--demo` is the README's one-command demo; SIAGA_DEMO works for every other start.
  const overrides: Record<string, string> = process.argv.includes('--demo') ? { SIAGA_DEMO: '1' } : {};
  const config = loadConfig(process.env, overrides);
  const siaga = await createApp(config);
  const server = await siaga.app.listen(config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  siaga.logger.info({ port, engine: siaga.db.engine, demo: config.demo.enabled }, 'siaga is listening');
  process.stderr.write(`\n  Siaga is running: http://localhost:${port}/  (API docs: http://localhost:${port}/api/docs)\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    siaga.logger.info({ signal }, 'shutting down: finishing in-flight batches');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    siaga.close().then(
      () => process.exit(0),
      (err: unknown) => {
        siaga.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`siaga: ${err.message}\n`);
  } else {
    process.stderr.write(`siaga: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
