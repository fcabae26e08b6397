// extensionTestsPath of the viewer benchmark (out/test/bench/viewer.index.js): runs only
// viewer.bench.js with mocha (TDD) inside the extension host. Started by test/bench/viewer.mjs.
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20 * 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'viewer.bench.js'));
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} viewer benchmark step(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
