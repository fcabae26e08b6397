// Entry point loaded by VS Code as extensionTestsPath (out/test/integration/index.js): runs every
// compiled test/integration/**/*.test.js with mocha (TDD interface: suite/test/suiteSetup) inside
// the extension host. VS Code calls run(); its promise decides the exit code of the test run.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** All *.test.js files below `dir`, sorted so the order is stable. */
function findTests(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false, // output goes through the browser console / a log, not a terminal
    timeout: Number(process.env.NPY_IT_TEST_TIMEOUT_MS || 180000),
    grep: process.env.NPY_IT_GREP || undefined,
    reporter: 'spec',
    // A test that fails is run once more, and every such retry is printed (below): a real VS Code
    // on a loaded 2-core machine can miss a wait that it meets on the second run, and one such
    // miss must not hide the other 60-odd results; a failure that repeats still fails the layer.
    retries: Number(process.env.NPY_IT_RETRIES ?? 1),
  });
  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);
  console.log(`integration: ${files.length} test file(s): ${files.map((f) => path.relative(__dirname, f)).join(', ')}`);

  return new Promise<void>((resolve, reject) => {
    try {
      const retried: string[] = [];
      const runner = mocha.run((failures) => {
        if (retried.length) console.log(`integration: ${retried.length} test(s) failed once and were run again (see "retry:" above for whether they passed):\n${retried.map((r) => `  - ${r}`).join('\n')}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (mocha.suite.total() === 0) reject(new Error('no integration tests were found'));
        else resolve();
      });
      runner.on(Mocha.Runner.constants.EVENT_TEST_RETRY, (test: Mocha.Test, err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        retried.push(`${test.fullTitle()}: ${why.split('\n')[0]}`);
        console.log(`retry: ${test.fullTitle()} failed once (${why.split('\n')[0]}); running it again`);
      });
      // For the runner (test/tools/run-integration.js), which names it if the suite never finishes.
      runner.on('test', (t) => console.log(`npy-it:running ${t.fullTitle()}`));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
