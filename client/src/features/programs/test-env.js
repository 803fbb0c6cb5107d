// Test-only set-up for the programs component tests (jsdom; never imported by the app).
// jsdom lacks TextEncoder (react-router needs it at import time) and the fetch classes: both come
// from Node's own realm, so the tests can answer `fetch` with real Response objects.
import { TextDecoder, TextEncoder } from 'node:util';
import vm from 'node:vm';

globalThis.TextEncoder ??= TextEncoder;
globalThis.TextDecoder ??= TextDecoder;
globalThis.Response ??= vm.runInThisContext('Response');
globalThis.Headers ??= vm.runInThisContext('Headers');
globalThis.Request ??= vm.runInThisContext('Request');

// jsdom has no canvas: say so quietly (charts then show only their text summary) instead of
// logging "not implemented" for every chart.
if (globalThis.HTMLCanvasElement) globalThis.HTMLCanvasElement.prototype.getContext = () => null;
