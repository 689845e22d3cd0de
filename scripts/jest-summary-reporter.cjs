// Writes the run's totals to .test-results.json so that .ci/run can print one plain
// "N passed, N failed" line.
const fs = require("node:fs");
const path = require("node:path");

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      failedSuites: results.numFailedTestSuites,
      runtimeErrorSuites: results.numRuntimeErrorTestSuites,
    };
    fs.writeFileSync(path.join(__dirname, "..", ".test-results.json"), JSON.stringify(summary) + "\n");
  }
}

module.exports = SummaryReporter;
