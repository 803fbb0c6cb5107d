import { buildOpenApi } from './openapi.js';

// `npm run lint:openapi` lints what this prints: the same document `/api/docs/openapi.json` serves.
process.stdout.write(`${JSON.stringify(buildOpenApi(), null, 2)}\n`);
