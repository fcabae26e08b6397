import * as assert from 'assert';
import { needsPath, reasonOf, shortenPath } from '../../../../src/commands/notices/pathText';

describe('paths and reasons in notifications', () => {
  it('leaves a short path as it is', () => {
    assert.strictEqual(shortenPath('/tmp/out.csv'), '/tmp/out.csv');
    assert.strictEqual(shortenPath('a/b/c.txt', 9), 'a/b/c.txt');
  });

  it('cuts a long path in its middle, keeping whole folders and the file name', () => {
    const p = '/home/someone/projects/experiments/2026/december/run-17/outputs/final/grid.csv';
    const s = shortenPath(p, 40);
    assert.ok(s.length <= 40, s);
    assert.ok(s.endsWith('/final/grid.csv'), s);
    assert.ok(s.startsWith('/home/'), s);
    assert.ok(s.includes('/…/'), s);
    // Every piece is a whole folder of the original.
    for (const part of s.split('/').filter((x) => x && x !== '…')) assert.ok(p.split('/').includes(part), part);
    assert.strictEqual(s, '/home/…/run-17/outputs/final/grid.csv');
  });

  it('keeps the end of a file name longer than the room', () => {
    const name = `${'x'.repeat(80)}.csv`;
    const s = shortenPath(`/tmp/${name}`, 30);
    assert.strictEqual(s.length, 30);
    assert.ok(s.startsWith('…') && s.endsWith('xx.csv'), s);
  });

  it('shortens Windows paths on their own separator', () => {
    const s = shortenPath('C:\\Users\\someone\\Documents\\very long folder name\\another one\\data\\out.txt', 36);
    assert.ok(s.length <= 36, s);
    assert.ok(s.startsWith('C:\\') && s.endsWith('\\data\\out.txt') && s.includes('\\…\\'), s);
  });

  it('takes the reason out of an engine message that names the file first', () => {
    assert.strictEqual(reasonOf('cannot write out.csv: no such directory', 'out.csv'), 'no such directory');
    assert.strictEqual(reasonOf('cannot write dev (a FIFO): permission denied', 'dev'), 'permission denied (a FIFO)');
    assert.strictEqual(reasonOf('header is not a valid Python literal', 'x.npy'), 'header is not a valid Python literal');
  });

  it('names the file after the reason only when the reason does not', () => {
    assert.strictEqual(needsPath('grid.npy is the file being exported; choose another file.', 'grid.npy'), false);
    assert.strictEqual(needsPath('no such directory', 'grid.csv'), true);
  });
});
