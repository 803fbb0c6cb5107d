// Test-only set-up for the wall's jsdom component tests (never imported by the app). jsdom lacks
// TextEncoder (react-router needs it at import time) and fetch's Response: both come from Node's
// own realm, so HTTP is mocked with real Response objects. jsdom cannot draw on a canvas either;
// answering "no 2D context" (as a locked-down browser may) makes the charts render only their text
// summary, without jsdom's "not implemented" noise.
import { TextDecoder, TextEncoder } from 'node:util';
import vm from 'node:vm';

globalThis.TextEncoder ??= TextEncoder;
globalThis.TextDecoder ??= TextDecoder;
globalThis.Response ??= vm.runInThisContext('Response');
globalThis.Headers ??= vm.runInThisContext('Headers');
globalThis.Request ??= vm.runInThisContext('Request');
const Canvas = globalThis.HTMLCanvasElement;
if (Canvas) Canvas.prototype.getContext = () => null;
