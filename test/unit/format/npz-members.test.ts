/**
 * One npz member listing for the sidebar (listMembers), the viewer (ViewerSession.fileInfo)
 * and `npyview info`: all three must say what np.load(npz)[name] does for every member. NumPy
 * decides by the member's first bytes, not its name: with the .npy magic it is an array (or an
 * error if the header is bad), without it the member's bytes, whatever the name.
 */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import { BufferSource } from '../../../src/npy/io/filesource';
import { NpzFile } from '../../../src/npy/format/npz/npz';
import { openSource } from '../../../src/npy/format/open';
import { ViewerSession } from '../../../src/viewer/session';
import { listMembers } from '../../../src/viewer/describe';
import { runCli, tempDir } from '../../support/cli-harness';
import { i4, npyBytes, writeI4 } from '../../support/viewer-arrays';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A .npy whose header dict is cut short ("{'descr': '<i4', 'fortran_order'" then spaces). */
function corruptNpy(): Uint8Array {
  const good = npyBytes(i4, [3], writeI4((i) => i));
  const bad = good.slice();
  const dict = text("{'descr': '<i4', 'fortran_order'");
  const headerEnd = 10 + (good[8] | (good[9] << 8));
  bad.fill(0x20, 10, headerEnd - 1);
  bad.set(dict, 10);
  return bad;
}

/**
 * What NumPy 2.4.6 does with np.load(npz)[name] for each member (checked with real NumPy):
 * 'array' is an ndarray of that shape, 'bytes' the member's raw bytes, 'error' an exception.
 */
const CASES: { zipName: string; name: string; data: Uint8Array; level: 0 | 6; numpy: 'bytes' | 'error' | number[] }[] = [
  { zipName: 'nomagic.npy', name: 'nomagic', data: text('hello world'), level: 0, numpy: 'bytes' },
  { zipName: 'nomagic_z.npy', name: 'nomagic_z', data: text('hello world '.repeat(40)), level: 6, numpy: 'bytes' },
  { zipName: 'magic', name: 'magic', data: npyBytes(i4, [3], writeI4((i) => i)), level: 0, numpy: [3] },
  { zipName: 'magic_z', name: 'magic_z', data: npyBytes(i4, [2, 2], writeI4((i) => i)), level: 6, numpy: [2, 2] },
  { zipName: 'corrupt.npy', name: 'corrupt', data: corruptNpy(), level: 0, numpy: 'error' },
  { zipName: 'notes.txt', name: 'notes.txt', data: text('some notes'), level: 0, numpy: 'bytes' },
  { zipName: 'dir/', name: 'dir/', data: new Uint8Array(0), level: 0, numpy: 'bytes' },
  { zipName: 'empty.npy', name: 'empty', data: new Uint8Array(0), level: 0, numpy: 'bytes' },
  { zipName: 'short.npy', name: 'short', data: new Uint8Array([0x93, 0x4e, 0x55, 0x4d]), level: 6, numpy: 'bytes' },
];

function oddNpz(): Uint8Array {
  return zipSync(Object.fromEntries(CASES.map((c) => [c.zipName, [c.data, { level: c.level }]])));
}

interface Seen { name: string; zipName: string; isArray: boolean; shape?: number[]; error: boolean }

/** The NumPy verdict in the listing's terms. */
function expected(): Seen[] {
  return CASES.map((c) => ({
    name: c.name, zipName: c.zipName,
    isArray: c.numpy !== 'bytes',
    ...(Array.isArray(c.numpy) ? { shape: c.numpy } : {}),
    error: c.numpy === 'error',
  }));
}

function seen(name: string, zipName: string, isArray: boolean, shape: number[] | undefined, error: string | undefined): Seen {
  return { name, zipName, isArray, ...(shape ? { shape } : {}), error: error !== undefined };
}

describe('npz member listing agrees with np.load', () => {
  const bytes = oddNpz();

  it('the engine describes each member as NumPy does', async () => {
    const npz = await NpzFile.open(new BufferSource(bytes), 'odd.npz');
    const got = await Promise.all(npz.members.map((m) => npz.describe(m)));
    assert.deepStrictEqual(got.map((d) => seen(d.name, d.zipName, d.isArray, d.header?.shape, d.error)), expected());
    const corrupt = got.find((d) => d.zipName === 'corrupt.npy')!;
    assert.match(corrupt.error!, /odd\.npz: member 'corrupt'/);
    // A member NumPy loads as an array opens as one, whatever its name.
    assert.deepStrictEqual((await npz.openArray('magic_z')).header.shape, [2, 2]);
    await npz.close();
  });

  it('the sidebar lists each member as NumPy does', async () => {
    const npz = await NpzFile.open(new BufferSource(bytes), 'odd.npz');
    const listing = listMembers(npz);
    const items = [...listing.list]; // the sidebar keeps these objects: they must fill in place
    await listing.done;
    assert.ok(listing.list.every((s, i) => !s.pending && s === items[i]));
    assert.deepStrictEqual(listing.list.map((s) => seen(s.name, s.zipName, s.isArray, s.info?.shape, s.error)), expected());
    assert.deepStrictEqual(listing.list.find((s) => s.zipName === 'magic_z')!.info!.dtypeStr, 'int32');
    await npz.close();
  });

  it('the viewer lists each member as NumPy does', async () => {
    const s = new ViewerSession(await openSource(new BufferSource(bytes), 'odd.npz'),
      { fileName: 'odd.npz', sizeOnDisk: bytes.length, settings: { notation: 'auto', precision: 6 } });
    const members = (await s.fileInfo()).members!;
    assert.ok(members.every((m) => !m.pending));
    assert.deepStrictEqual(members.map((m) => seen(m.name, m.zipName, m.isArray, m.info?.shape, m.error)), expected());
    // It starts on the first member NumPy loads as an array.
    const r = await s.ready();
    assert.strictEqual(r.first?.view.member, 'magic');
    await s.close();
  });

  it('`npyview info` lists each member as NumPy does', async () => {
    const file = path.join(tempDir('npz-members-'), 'odd.npz');
    fs.writeFileSync(file, bytes);
    const r = await runCli(['info', '--json', file]);
    assert.strictEqual(r.code, 0, r.stderr);
    const members = (JSON.parse(r.stdout.toString('utf8')) as { members: { name: string; zip_name: string; is_array: boolean; shape?: number[]; error?: string }[] }).members;
    assert.deepStrictEqual(members.map((m) => seen(m.name, m.zip_name, m.is_array, m.shape, m.error)), expected());

    const t = await runCli(['info', file]);
    assert.strictEqual(t.code, 0, t.stderr);
    const out = t.stdout.toString('utf8');
    const block = (zipName: string): string => out.split('\n  "').find((b) => b.includes(`(${zipName}, `))!;
    assert.match(block('nomagic.npy'), /not an array/);
    assert.match(block('magic'), /shape: {4}\(3,\)/);
    assert.match(block('corrupt.npy'), /unreadable: /);
  });
});
