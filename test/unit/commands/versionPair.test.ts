import * as assert from 'assert';
import { diffPair, gitQuery, versionRef, workingPath, type ViewerSlot } from '../../../src/commands/compare/versionPair';

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
