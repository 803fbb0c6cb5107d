// Test-only set-up for the jsdom component tests of posts and admin (never imported by the app).
// jsdom has no TextEncoder (react-router needs it at import time) and no fetch `Response`: both are
// taken from Node's own realm, so the tests mock HTTP with real Response objects.
import { TextDecoder, TextEncoder } from 'node:util';
import vm from 'node:vm';

globalThis.TextEncoder ??= TextEncoder;
globalThis.TextDecoder ??= TextDecoder;
globalThis.Response ??= vm.runInThisContext('Response');
globalThis.Headers ??= vm.runInThisContext('Headers');
globalThis.Request ??= vm.runInThisContext('Request');
