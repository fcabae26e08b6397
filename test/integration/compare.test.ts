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

  test('the grid: next mismatch (F7) lands on np.argwhere(~np.isclose(a, b, equal_nan=True))[0], then [1], across pages', async () => {
    const want = expectedComparison()['rtol=1e-05'].first;
    const a = fixture('compare_a.npy');
    const b = fixture('compare_b.npy');
    await vscode.commands.executeCommand('npyViewer.compareArrays', a, [a, b]);
    const s0 = await waitFor('the grid\'s first page', async () => {
      const st = await panelState();
      return st && st.results >= 1 && st.grid.pair === 0 && st.grid.marked.length > 0 ? st : undefined;
    }, 30000);
    // The first page (rows 0-24, and the columns the panel is wide for) marks NumPy's mismatches on it.
    assert.ok(s0.grid.rows === 25 && s0.grid.cols >= 10, `${s0.grid.rows} x ${s0.grid.cols}`);
    assert.deepStrictEqual(s0.grid.marked, want.filter(([r, c]) => r < 25 && c < s0.grid.cols).map((i) => i.join(',')));
    assert.strictEqual(s0.grid.selected, null);
    for (let i = 0; i < want.length; i++) {
      await vscode.commands.executeCommand('npyViewer.test.compareGridAction', 'next');
      const s = await waitFor(`mismatch #${i} selected`, async () => {
        const st = await panelState();
        return st && JSON.stringify(st.grid.selected) === JSON.stringify(want[i]) && st.grid.selectedText !== '' ? st : undefined;
      }, 30000);
      assert.ok(s.grid.marked.includes(want[i].join(',')), `#${i}: the selected cell is marked`);
    }
    // The last one (39, 24): A = 3.0, B = -3.0; A − B shown in the grid's float64 text.
    await vscode.commands.executeCommand('npyViewer.test.compareGridAction', 'diff');
    const d = await waitFor('A − B', async () => {
      const st = await panelState();
      return st?.grid.mode === 'diff' ? st : undefined;
    });
    assert.match(d.grid.selectedText, /^6(\.0*)?$/);
    // and back: previous mismatch
    await vscode.commands.executeCommand('npyViewer.test.compareGridAction', 'previous');
    await waitFor('the previous mismatch', async () => {
      const st = await panelState();
      return st && JSON.stringify(st.grid.selected) === JSON.stringify(want[want.length - 2]) ? st : undefined;
    }, 30000);
  });

  test('two .npz side by side: a status per member, and a member\'s grid', async () => {
    const a = fixture('compare_a.npz');
    const b = fixture('compare_b.npz');
    await vscode.commands.executeCommand('npyViewer.compareArrays', a, [a, b]);
    const s = await waitFor('the member list', async () => {
      const st = await panelState();
      return st && st.results >= 1 && Object.keys(st.grid.members).length === 4 ? st : undefined;
    }, 30000);
    assert.deepStrictEqual(s.grid.members, { x: 'differs', y: 'same', only_a: 'only in A', only_b: 'only in B' });
    assert.strictEqual(s.grid.pair, 0, 'the first member that differs is shown');
    await vscode.commands.executeCommand('npyViewer.test.compareGridAction', 'show', 1);
    const y = await waitFor('member y', async () => {
      const st = await panelState();
      return st?.grid.pair === 1 ? st : undefined;
    });
    assert.deepStrictEqual(y.grid.marked, []);
  });
});
