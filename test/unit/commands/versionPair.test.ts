import * as assert from 'assert';
import { diffPair, gitQuery, leftInTitle, shortRef, versionRef, workingPath, type ViewerSlot } from '../../../src/commands/compare/versionPair';

const git = (path: string, ref: string): { scheme: string; path: string; query: string } =>
  ({ scheme: 'git', path, query: JSON.stringify({ path, ref }) });
const file = (path: string) => ({ scheme: 'file', path, query: '' });
const slot = (uri: { scheme: string; path: string; query: string }, column = 1, visible = true): ViewerSlot =>
  ({ uri, key: `${uri.scheme}:${uri.path}?${uri.query}`, visible, column });

describe('commands/compare/versionPair: the two versions of a diff', () => {
  it('git\'s query names the working file and the ref; other schemes and bad queries keep the path', () => {
    assert.deepStrictEqual(gitQuery(git('/r/a.npy', 'HEAD')), { path: '/r/a.npy', ref: 'HEAD' });
    assert.strictEqual(workingPath({ scheme: 'git', path: '/r/a.npy.git', query: JSON.stringify({ path: '/r/a.npy', ref: '~' }) }), '/r/a.npy');
    assert.strictEqual(workingPath({ scheme: 'git', path: '/r/a.npy', query: 'not json' }), '/r/a.npy');
    assert.strictEqual(workingPath({ scheme: 'git', path: '/r/a.npy', query: '{"ref":"HEAD"}' }), '/r/a.npy');
    assert.strictEqual(workingPath({ scheme: 'svn', path: '/r/a.npy', query: '{"path":"/elsewhere"}' }), '/r/a.npy');
    assert.strictEqual(workingPath(file('/r/a.npy')), '/r/a.npy');
  });

  it('version names: the index, a ref, a commit shortened, another scheme', () => {
    assert.deepStrictEqual(versionRef(git('/a.npy', '~')), { index: true });
    assert.deepStrictEqual(versionRef(git('/a.npy', '')), { index: true });
    assert.strictEqual(versionRef(git('/a.npy', 'HEAD')), 'HEAD');
    assert.strictEqual(versionRef(git('/a.npy', '0123456789abcdef0123456789abcdef01234567')), '01234567');
    assert.strictEqual(versionRef({ scheme: 'hg', path: '/a.npy', query: '' }), 'hg');
  });

  it('Source Control: the git side is A and the working file B, whichever side is active', () => {
    const left = slot(git('/r/a.npy', '~'));
    const right = slot(file('/r/a.npy'));
    const other = slot(file('/r/b.npy'), 2);
    const viewers = [other, left, right];
    assert.deepStrictEqual(diffPair(left, viewers), [left, right]);
    assert.deepStrictEqual(diffPair(right, viewers), [left, right]);
  });

  it('Timeline (two git versions): the one opened first is A; a version of the same file wins over another viewer', () => {
    const older = slot(git('/r/a.npy', 'abc'));
    const newer = slot(git('/r/a.npy', 'def'));
    assert.deepStrictEqual(diffPair(newer, [older, newer]), [older, newer]);
    assert.deepStrictEqual(diffPair(older, [older, newer]), [older, newer]);
    const unrelated = slot(file('/r/z.npy'));
    assert.deepStrictEqual(diffPair(newer, [unrelated, older, newer]), [older, newer]);
  });

  it('Timeline (two git versions): the diff\'s title, as git writes it, tells the left side whatever the order opened', () => {
    const c1 = '0123456789abcdef0123456789abcdef01234567';
    const c2 = 'fedcba9876543210fedcba9876543210fedcba98';
    const older = slot(git('/r/a.npy', c1));
    const newer = slot(git('/r/a.npy', c2));
    const forward = 'a.npy (01234567) \u2194 a.npy (fedcba98)';
    const backward = 'a.npy (fedcba98) \u2194 a.npy (01234567)';
    for (const viewers of [[older, newer], [newer, older]]) {
      for (const active of viewers) {
        assert.deepStrictEqual(diffPair(active, viewers, [forward]), [older, newer]);
        assert.deepStrictEqual(diffPair(active, viewers, ['other.npy', backward, forward]), [newer, older], 'the first title that tells');
      }
    }
    // A title that does not tell: the order VS Code opened them in.
    assert.deepStrictEqual(diffPair(older, [newer, older], ['a.npy (Index)', 'data \u2194 data']), [newer, older]);
    assert.strictEqual(leftInTitle(forward, older.uri, newer.uri), 0);
    assert.strictEqual(leftInTitle(forward, newer.uri, older.uri), 1);
    assert.strictEqual(leftInTitle('a.npy (HEAD) \u2194 a.npy (01234567^)', git('/a.npy', `${c1}^`), git('/a.npy', 'HEAD')), 1);
    assert.strictEqual(leftInTitle('a.npy (HEAD) \u2194 a.npy (HEAD)', git('/a.npy', 'HEAD'), git('/a.npy', 'HEAD')), undefined);
    assert.strictEqual(leftInTitle(forward, file('/r/a.npy'), newer.uri), undefined, 'only two git versions');
    assert.strictEqual(leftInTitle('a.npy (01234567) \u2194 b \u2194 a.npy (fedcba98)', older.uri, newer.uri), undefined);
    assert.deepStrictEqual(['', '~', 'HEAD', 'main', c1, `${c1}^`].map(shortRef), ['', '~', 'HEAD', 'main', '01234567', '01234567^']);
  });

  it('no pair: alone, hidden, another group, the same document twice, or two unrelated candidates', () => {
    const a = slot(file('/r/a.npy'));
    assert.strictEqual(diffPair(a, [a]), undefined);
    assert.strictEqual(diffPair(a, [a, slot(git('/r/a.npy', 'HEAD'), 1, false)]), undefined);
    assert.strictEqual(diffPair(a, [a, slot(git('/r/a.npy', 'HEAD'), 2)]), undefined);
    assert.strictEqual(diffPair(a, [a, slot(file('/r/a.npy'))]), undefined, 'a second viewer of the same file is not a diff');
    assert.strictEqual(diffPair(a, [a, slot(file('/r/x.npy')), slot(file('/r/y.npy'))]), undefined);
  });

  it('Explorer "Compare Selected" of two different files: the only other visible viewer, left first', () => {
    const x = slot(file('/r/x.npy'));
    const y = slot(file('/r/y.npy'));
    assert.deepStrictEqual(diffPair(y, [x, y]), [x, y]);
  });
});
