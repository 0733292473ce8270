/**
 * Jest reporter for `npm test`: one line per test file, and under a failing file each failed
 * test with its assertion message and the file's console output (passing files' console output
 * is not shown). The verdict line `N passed, N failed` is printed by scripts/test.ts.
 */
const { writeFileSync } = require('node:fs');
const { relative } = require('node:path');

const MAX_MESSAGE_LINES = 25;
const MAX_CONSOLE_ENTRIES = 30;

/** The message without its stack trace (the first `at ...` line and everything after it). */
function withoutStack(message) {
  const lines = message.split('\n');
  const stackStart = lines.findIndex((line) => /^\s+at /.test(line.replace(/\u001b\[[0-9;]*m/g, '')));
  const kept = (stackStart === -1 ? lines : lines.slice(0, stackStart)).filter((line, i, all) => line.trim() !== '' || (i > 0 && all[i - 1].trim() !== ''));
  const shown = kept.slice(0, MAX_MESSAGE_LINES);
  if (kept.length > shown.length) shown.push(`… ${kept.length - shown.length} more lines`);
  return shown.join('\n').trimEnd();
}

const indent = (text, by) => text.split('\n').map((line) => `${by}${line}`).join('\n');

class CompactReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onTestFileResult(_test, result) {
    const file = relative(this.rootDir, result.testFilePath);
    const seconds = ((result.perfStats.end - result.perfStats.start) / 1000).toFixed(1);
    const failed = result.numFailingTests > 0 || Boolean(result.testExecError);
    const counts = [`${result.numPassingTests} passed`];
    if (result.numFailingTests > 0) counts.push(`${result.numFailingTests} failed`);
    if (result.numPendingTests + result.numTodoTests > 0) counts.push(`${result.numPendingTests + result.numTodoTests} skipped`);
    const out = [`${failed ? 'FAIL' : 'PASS'} ${file} (${counts.join(', ')}; ${seconds} s)`];
    if (result.testExecError) {
      // An error without a message (e.g. a rejection with a plain object) shows its stack or its members.
      const error = result.testExecError;
      out.push(indent(error.message ? withoutStack(error.message) : error.stack || JSON.stringify(error), '    '));
    }
    for (const test of result.testResults) {
      if (test.status !== 'failed') continue;
      out.push(`  ✕ ${test.fullName}`);
      for (const message of test.failureMessages) out.push(indent(withoutStack(message), '      '));
    }
    if (failed && result.console && result.console.length > 0) {
      const entries = result.console.slice(-MAX_CONSOLE_ENTRIES);
      out.push(`  console output (${entries.length < result.console.length ? `last ${entries.length} of ` : ''}${result.console.length}):`);
      for (const entry of entries) out.push(indent(`${entry.type}: ${entry.message}`, '    '));
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }

  /** The counts, for scripts/test.ts (ATIME_TEST_RESULTS_FILE), which prints the verdict. */
  onRunComplete(_contexts, results) {
    const file = process.env.ATIME_TEST_RESULTS_FILE;
    if (!file) return;
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites } = results;
    writeFileSync(file, JSON.stringify({ numPassedTests, numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites }));
  }

  getLastError() {
    return undefined;
  }
}

module.exports = CompactReporter;
