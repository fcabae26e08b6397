// extensionTestsPath of the comparison-panel measurement (out/test/bench/compare.index.js), issue 15's
// "two 4 GiB files in the comparison view": runs in the extension host (where the comparison runs),
// opens the comparison panel on NPY_BIG_COMPARE_DIR/a.npy and b.npy as Compare Arrays does, and
// samples the extension host's RSS and heap every 250 ms until the result is in. Writes the samples
// to NPY_BIG_COMPARE_OUT (JSON). Started with:
//   NPY_BIG_COMPARE_DIR=/tmp/big NPY_BIG_COMPARE_OUT=/tmp/big/out.json NPY_IT_TIMEOUT_MS=1800000 \
//     node test/tools/run-integration.js --tests out/test/bench/compare.index.js
// (the runner's environment reaches the extension host). The inputs: test/bench/make_compare4g.py.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const MB = 2 ** 20;

interface PanelState { status: string; verdict: string; pairs: Record<string, string>[] }

export async function run(): Promise<void> {
  const dir = process.env.NPY_BIG_COMPARE_DIR;
  const out = process.env.NPY_BIG_COMPARE_OUT;
  if (!dir || !out) throw new Error('set NPY_BIG_COMPARE_DIR and NPY_BIG_COMPARE_OUT');
  const a = vscode.Uri.file(path.join(dir, 'a.npy'));
  const b = vscode.Uri.file(path.join(dir, 'b.npy'));
  const t0 = performance.now();
  const samples: { ms: number; rssMb: number; heapMb: number; status?: string }[] = [];
  let status: string | undefined;
  let firstRunningMs: number | undefined;
  const sample = (): void => {
    const m = process.memoryUsage();
    samples.push({ ms: Math.round(performance.now() - t0), rssMb: Math.round(m.rss / MB), heapMb: Math.round(m.heapUsed / MB), status });
  };
  sample();
  const timer = setInterval(sample, 250);
  // The page's status, as the user sees it ('running' once the panel shows the comparison started).
  const watch = setInterval(() => {
    void vscode.commands.executeCommand<PanelState | undefined>('npyViewer.test.getCompareState').then((s) => {
      status = s?.status;
      if (status === 'running' && firstRunningMs === undefined) firstRunningMs = Math.round(performance.now() - t0);
    }, () => undefined);
  }, 500);
  const result = await vscode.commands.executeCommand<{ same: boolean; pairs: { mismatches: number; compared: number }[] } | undefined>(
    'npyViewer.compareArrays', a, [a, b]);
  const doneMs = Math.round(performance.now() - t0);
  clearInterval(timer);
  clearInterval(watch);
  sample();
  const rss = samples.map((s) => s.rssMb);
  const summary = {
    doneMs, firstRunningMs, same: result?.same, mismatches: result?.pairs[0]?.mismatches, compared: result?.pairs[0]?.compared,
    rssStartMb: rss[0], rssMaxMb: Math.max(...rss), rssEndMb: rss[rss.length - 1],
    heapMaxMb: Math.max(...samples.map((s) => s.heapMb)), samples,
  };
  fs.writeFileSync(out, JSON.stringify(summary, null, 1));
  console.log(`compare 2 × ${(fs.statSync(a.fsPath).size / 2 ** 30).toFixed(2)} GiB: ${doneMs} ms, RSS ${summary.rssStartMb} → max ${summary.rssMaxMb} → ${summary.rssEndMb} MB, heap max ${summary.heapMaxMb} MB, mismatches ${summary.mismatches}`);
  if (!result) throw new Error('the comparison gave no result');
}
