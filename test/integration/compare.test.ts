/**
 * Compare Arrays in a real VS Code: two NumPy-written files as the Explorer passes them
 * (uri, [uri, uri]); the panel's page must show NumPy's answers (np.isclose mismatch count,
 * max |a − b|, max |a − b|/|b|, first mismatching indices), and a new rtol typed in re-runs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ComparePanelState } from '../../src/shared/compare';
import { ARRAYS, closeAllEditors, fixture, waitFor } from './viewerUtil';

interface Expected {
  compared: number;
  mismatches: number;
  max_abs: string;
  max_rel: string;
  first: number[][];
}

function expectedComparison(): Record<'rtol=1e-05' | 'rtol=1e-07', Expected> {
  return JSON.parse(fs.readFileSync(path.join(ARRAYS, 'expected.json'), 'utf8')).compare;
}

function panelState(): Thenable<ComparePanelState | undefined> {
  return vscode.commands.executeCommand<ComparePanelState | undefined>('npyViewer.test.getCompareState');
}

/** Waits until the panel shows its `n`th result. */
function waitForResult(n: number): Promise<ComparePanelState> {
  return waitFor(`comparison result #${n}`, async () => {
    const s = await panelState();
    return s && s.results >= n && s.status !== 'running' ? s : undefined;
  }, 30000);
}

/** The first mismatches' indices as the page shows them ('[1, 2]'), from NumPy's argwhere. */
const indexTexts = (first: number[][]): string[] => first.map((i) => `[${i.join(', ')}]`);

/** The summary row checked against NumPy's numbers. */
function assertPair(row: Record<string, string>, want: Expected, what: string): void {
  assert.strictEqual(row.compared, want.compared.toLocaleString('en-US'), `${what}: compared`);
  assert.strictEqual(row.mismatches, String(want.mismatches), `${what}: mismatches (NumPy: ~np.isclose(...).sum())`);
  assert.strictEqual(row.maxAbs, want.max_abs, `${what}: max abs`);
  assert.strictEqual(row.maxRel, want.max_rel, `${what}: max rel`);
}

suite('compare: Compare Arrays panel', function () {
  this.timeout(90000);
  teardown(() => closeAllEditors());

  test('two .npy selected in the Explorer: the panel shows NumPy\'s counts; a new rtol re-runs', async () => {
    const want = expectedComparison();
    const a = fixture('compare_a.npy');
    const b = fixture('compare_b.npy');
    const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareArrays', a, [a, b]);
    assert.ok(result, 'the command resolves to the result');
    assert.strictEqual(result.same, false);

    const s = await waitForResult(1);
    assert.strictEqual(s.status, 'different', s.verdict);
    assert.strictEqual(s.rtol, '1e-05');
    assert.strictEqual(s.atol, '1e-08');
    assert.strictEqual(s.pairs.length, 1);
    assertPair(s.pairs[0], want['rtol=1e-05'], 'rtol=1e-05');
    assert.deepStrictEqual(s.first[0].map((r) => r[0]), indexTexts(want['rtol=1e-05'].first));
    // The one-sided NaN is shown as the grid shows it.
    assert.strictEqual(s.first[0][1][2], 'nan');

    // A stricter rtol, typed as the user types it: checked on the host and run at once.
    const ok = await vscode.commands.executeCommand<boolean>('npyViewer.test.setCompareTolerance', '1e-7', '1e-08');
    assert.strictEqual(ok, true);
    const s2 = await waitForResult(2);
    assert.strictEqual(s2.rtol, '1e-07');
    assertPair(s2.pairs[0], want['rtol=1e-07'], 'rtol=1e-07');
    assert.deepStrictEqual(s2.first[0].map((r) => r[0]), indexTexts(want['rtol=1e-07'].first));
  });

  test('an invalid tolerance is refused with a message and nothing re-runs', async () => {
    const a = fixture('compare_a.npy');
    const b = fixture('compare_b.npy');
    await vscode.commands.executeCommand('npyViewer.compareArrays', a, [a, b]);
    await waitForResult(1);
    for (const [rtol, atol] of [['abc', '1e-8'], ['1e-5', '-1'], ['nan', '0'], ['1e400', '0']]) {
      const ok = await vscode.commands.executeCommand<boolean>('npyViewer.test.setCompareTolerance', rtol, atol);
      assert.strictEqual(ok, false, `${rtol}, ${atol} accepted`);
    }
    const s = await waitFor('the tolerance message', async () => {
      const st = await panelState();
      return st?.tolError ? st : undefined;
    });
    assert.match(s.tolError, /atol|rtol/);
    assert.strictEqual(s.results, 1, 'no re-run');
    assert.strictEqual(s.rtol, '1e-05');
  });

  test('two .npz: members compared by name, members on one side only listed', async () => {
    const want = expectedComparison();
    const a = fixture('compare_a.npz');
    const b = fixture('compare_b.npz');
    await vscode.commands.executeCommand('npyViewer.compareArrays', a, [a, b]);
    const s = await waitForResult(1);
    assert.strictEqual(s.status, 'different');
    assert.deepStrictEqual(s.pairs.map((p) => p.name), ['x', 'y']);
    assertPair(s.pairs[0], want['rtol=1e-05'], 'member x');
    assert.strictEqual(s.pairs[1].mismatches, '0');
    assert.strictEqual(s.pairs[1].compared, '12');
    assert.deepStrictEqual(s.onlyInA, ['only_a']);
    assert.deepStrictEqual(s.onlyInB, ['only_b']);
  });

  test('a file against itself is the same; Compare with… takes the other file', async () => {
    const a = fixture('compare_a.npy');
    const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareWith', a, { other: fixture('compare_a.npy') });
    assert.strictEqual(result?.same, true);
    const s = await waitForResult(1);
    assert.strictEqual(s.status, 'same');
    assert.strictEqual(s.pairs[0].mismatches, '0');
    assert.deepStrictEqual(s.first[0], []);
  });

  test('an unreadable file: the panel says which and why, nothing crashes', async () => {
    const a = fixture('compare_a.npy');
    const result = await vscode.commands.executeCommand('npyViewer.compareArrays', a, [a, fixture('corrupt.npy')]);
    assert.strictEqual(result, undefined);
    const s = await waitFor('the error', async () => {
      const st = await panelState();
      return st?.status === 'error' ? st : undefined;
    });
    assert.match(s.verdict, /corrupt\.npy/);
  });
});
