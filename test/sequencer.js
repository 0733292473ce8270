/**
 * Jest's order, with one rule first: the suites that drive the whole stack (chaos, browser,
 * contract, end-to-end) start before the rest, so that the two workers finish together instead
 * of one running a two-minute suite alone at the end. Within each group jest's own order stands
 * (slowest first from its timing cache; by file size on a fresh clone, where there is none).
 */
const Sequencer = require('@jest/test-sequencer').default;

const STACK_SUITES_FIRST = ['/test/chaos/', '/test/browser/', '/test/contract/', '/test/e2e/'];

const rank = (test) => {
  const index = STACK_SUITES_FIRST.findIndex((dir) => test.path.includes(dir));
  return index === -1 ? STACK_SUITES_FIRST.length : index;
};

class StackSuitesFirst extends Sequencer {
  sort(tests) {
    const jestOrder = super.sort(tests);
    // Array.prototype.sort is stable: jest's order holds within a rank.
    return [...jestOrder].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = StackSuitesFirst;
