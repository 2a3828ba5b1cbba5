// Prints one plain closing line, `N passed, N failed, N skipped`, after Jest's own
// summary, so CI logs state the counts in a form any tool can read.
export default class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
