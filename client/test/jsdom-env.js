// Set-up of the `client` Jest project (jsdom component tests), run before each test file: see
// `setupFiles` in jest.config.js. It lives outside src/ so that Vite and the app never see it.
//
// jsdom has no TextEncoder (react-router needs it at import time) and none of fetch's classes:
// they are taken from Node's own realm, so the tests answer `fetch` with real Response objects.
import { TextDecoder, TextEncoder } from 'node:util';
import vm from 'node:vm';

globalThis.TextEncoder ??= TextEncoder;
globalThis.TextDecoder ??= TextDecoder;
globalThis.Response ??= vm.runInThisContext('Response');
globalThis.Headers ??= vm.runInThisContext('Headers');
globalThis.Request ??= vm.runInThisContext('Request');

// jsdom cannot draw on a canvas. Answering "no 2D context" (as a locked-down browser may) makes
// the charts render only their text summary, without jsdom's "not implemented" noise.
if (globalThis.HTMLCanvasElement) globalThis.HTMLCanvasElement.prototype.getContext = () => null;
