'use strict';
// Runs the longest suites first, so that no worker is left with a long suite at the end while the other idles.
// Jest knows durations only from its cache of earlier runs; a clean clone (CI) has none and falls back to file size,
// which put the demo suite (a short file, one of the longest suites) last. Suites listed in suite-seconds.json (a
// measured run, rounded; stale figures only cost order, never correctness) fill in where the cache is empty.
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const estimates = require('./suite-seconds.json');

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const root = path.resolve(__dirname, '../..');
    const seconds = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      return estimates[path.relative(root, test.path).split(path.sep).join('/')] ?? 0;
    };
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), seconds: seconds(test), size: test.context.hasteFS.getSize(test.path) ?? 0 }));
    keyed.sort((a, b) => Number(b.failed) - Number(a.failed) || b.seconds - a.seconds || b.size - a.size);
    return keyed.map((k) => k.test);
  }
}

module.exports = SlowFirstSequencer;
