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
    timeout: Number(process.env.NPY_IT_TEST_TIMEOUT_MS || 60000),
    grep: process.env.NPY_IT_GREP || undefined,
    reporter: 'spec',
  });
  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);
  console.log(`integration: ${files.length} test file(s): ${files.map((f) => path.relative(__dirname, f)).join(', ')}`);

  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (mocha.suite.total() === 0) reject(new Error('no integration tests were found'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
