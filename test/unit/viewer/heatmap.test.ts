/**
 * The heatmap request on the host (src/viewer/pictures/heatmap.ts behind the editor's handler table): its
 * values are the engine's heatmapGrid of the oriented view, sent exactly (NaN, ±Inf and every
 * bit of a double survive), a large slice is read strided (a bounded part of the file), and
 * malformed or greedy requests are refused before any byte is read.
 */
import * as assert from 'assert';
import { MessageHandler } from '../../../src/shared/messages';
import { LIMITS, type Envelope, type FromWebviewMessage, type HeatmapResponse, type HeatmapValuesResponse, type ToWebviewMessage } from '../../../src/shared/protocol';
import { heatmapGrid } from '../../../src/npy/compute/heatmap';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openSource } from '../../../src/npy/format/open';
import { viewerReceiver } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import type { ByteSource } from '../../../src/npy/io/source';
import { exactValues } from '../../support/heatmapvalues';
import { SyntheticSource, f8, i4, npyBytes, unicode, writeF8, writeI4, writeU } from '../../support/viewer-arrays';

const settings = { notation: 'auto' as const, precision: 6 };
const view = { index: '...', rowAxis: 0, colAxis: 1 };
const req = { type: 'heatmap', view, maxWidth: 64, maxHeight: 32 };

async function host(src: ByteSource & { size: number }) {
  const session = new ViewerSession(await openSource(src, 'a.npy'), { fileName: 'a.npy', sizeOnDisk: src.size, settings });
  const calls: string[] = [];
  const receiver = viewerReceiver({
    session: () => { calls.push('session'); return session; },
    ready: () => session.ready(),
    clipboard: async () => undefined,
    runCommand: async () => ({ done: true }),
    state: () => undefined,
  });
  const posted: Envelope<unknown>[] = [];
  const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => posted.push(env), receiver);
  let id = 0;
  const send = async (body: unknown): Promise<Envelope<unknown>> => {
    const mine = ++id;
    await handler.handleMessage({ id: mine, body });
    const replies = posted.filter((e) => e.inReplyTo === mine);
    assert.strictEqual(replies.length, 1, 'one reply');
    return replies[0];
  };
  return { session, calls, send };
}

type Host = Awaited<ReturnType<typeof host>>;
/** Every value of a reply exactly (exact values fetched from the host where float32 rounded them). */
const decode = (h: Host, body: HeatmapResponse): Promise<Float64Array> => exactValues(body, async (m) => (await h.send(m)).body as HeatmapValuesResponse);

/** Special and awkward doubles at known places of a 7 × 9 float64 array. */
const SPECIAL: Record<number, number> = { 3: NaN, 10: Infinity, 20: -Infinity, 30: 5e-324, 31: -0, 40: 1.7976931348623157e308, 41: 0.1 };
const small = (i: number): number => (i in SPECIAL ? SPECIAL[i] : i * 1.5 - 20);

/** Each body gets a 'malformed' reply; no handler runs and no data byte is read (`read`: bytes since). */
async function refusesAll(h: Awaited<ReturnType<typeof host>>, malformed: [string, unknown][], read: () => number): Promise<void> {
  let n = 0;
  for (const [what, body] of malformed) {
    const r = await h.send(body);
    assert.strictEqual(r.error?.code, 'malformed', `${what}: ${JSON.stringify(r)}`);
    n++;
  }
  assert.strictEqual(n, malformed.length);
  assert.deepStrictEqual(h.calls, [], 'no handler ran');
  assert.strictEqual(read(), 0, 'no data was read');
}

describe('viewer: the heatmap request', () => {
  it('sends every value of a slice that fits exactly, NaN and ±Inf included', async () => {
    const h = await host(new BufferSource(npyBytes(f8, [7, 9], writeF8(small))));
    const r = await h.send(req);
    assert.strictEqual(r.error, undefined, JSON.stringify(r.error));
    const body = r.body as HeatmapResponse;
    assert.deepStrictEqual({ ...body, values: undefined, encoding: undefined, overrides: undefined, grid: undefined }, { region: { row0: 0, rows: 7, col0: 0, cols: 9 }, rows: 7, cols: 9, factor: 1, method: 'full', values: undefined, encoding: undefined, overrides: undefined, grid: undefined });
    const got = (await decode(h, body));
    assert.strictEqual(got.length, 63);
    for (let i = 0; i < 63; i++) assert.ok(Object.is(got[i], small(i)), `element ${i}: ${got[i]} vs ${small(i)}`);
  });

  it('draws the grid\'s orientation: rows and columns swapped give the transpose', async () => {
    const h = await host(new BufferSource(npyBytes(f8, [7, 9], writeF8(small))));
    const body = (await h.send({ ...req, view: { index: '...', rowAxis: 1, colAxis: 0 } })).body as HeatmapResponse;
    assert.deepStrictEqual([body.rows, body.cols], [9, 7]);
    const got = (await decode(h, body));
    for (let r = 0; r < 9; r++) for (let c = 0; c < 7; c++) assert.ok(Object.is(got[r * 7 + c], small(c * 9 + r)), `(${r}, ${c})`);
  });

  it('equals heatmapGrid on a slice larger than the canvas, reading only a strided part of the file', async () => {
    const src = new SyntheticSource(i4, [3, 4000, 5000], writeI4((i) => (i * 7919) % 100_003 - 50_000));
    const h = await host(src);
    const spec = { index: '1, :, :', rowAxis: 0, colAxis: 1 };
    const before = src.stats.bytes;
    const body = (await h.send({ ...req, view: spec, maxWidth: 300, maxHeight: 200 })).body as HeatmapResponse;
    const read = src.stats.bytes - before;
    assert.strictEqual(body.factor, 20, 'k = max(ceil(4000 / 200), ceil(5000 / 300))');
    assert.strictEqual(body.method, 'stride', '80 MB is past the block-mean budget');
    assert.deepStrictEqual([body.rows, body.cols], [200, 250]);
    const got = (await decode(h, body));
    const gv = await h.session.resolve(spec);
    const want = await heatmapGrid(gv.view, { maxWidth: 300, maxHeight: 200 });
    assert.deepStrictEqual(Array.from(got), Array.from(want.values));
    // Each cell is the block's first element: slice 1, row 20 i, column 20 j.
    for (const [i, j] of [[0, 0], [1, 2], [199, 249], [57, 123]]) {
      const flat = 1 * 4000 * 5000 + (20 * i) * 5000 + 20 * j;
      assert.strictEqual(got[i * 250 + j], (flat * 7919) % 100_003 - 50_000, `cell (${i}, ${j})`);
    }
    assert.ok(read < (4000 * 5000 * 4) / 10, `read ${read} bytes of an 80 MB slice`);
  });

  it('draws a region when asked', async () => {
    const h = await host(new BufferSource(npyBytes(f8, [7, 9], writeF8(small))));
    const body = (await h.send({ ...req, region: { row0: 2, rows: 3, col0: 4, cols: 5 } })).body as HeatmapResponse;
    assert.deepStrictEqual(body.region, { row0: 2, rows: 3, col0: 4, cols: 5 });
    const got = (await decode(h, body));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 5; c++) assert.ok(Object.is(got[r * 5 + c], small((2 + r) * 9 + 4 + c)));
  });

  it('refuses malformed and greedy requests before reading, and explains views it cannot draw', async () => {
    const src = new SyntheticSource(f8, [100, 100], writeF8((i) => i));
    const h = await host(src);
    const header = src.stats.bytes;
    const malformed: [string, unknown][] = [
      ['no size', { type: 'heatmap', view }],
      ['width 0', { ...req, maxWidth: 0 }],
      ['a fractional height', { ...req, maxHeight: 10.5 }],
      ['a side past the limit', { ...req, maxWidth: LIMITS.heatmapSide + 1 }],
      ['a width as a string', { ...req, maxWidth: '64' }],
      ['no view', { ...req, view: undefined }],
      ['an extra field', { ...req, colormap: 'viridis' }],
      ['a negative region', { ...req, region: { row0: -1, rows: 1, col0: 0, cols: 1 } }],
      ['a region with a missing field', { ...req, region: { row0: 0, rows: 1, col0: 0 } }],
      ['more cells than allowed', { ...req, maxWidth: LIMITS.heatmapSide, maxHeight: LIMITS.heatmapSide }],
    ];
    await refusesAll(h, malformed, () => src.stats.bytes - header);
    const outside = await h.send({ ...req, region: { row0: 90, rows: 20, col0: 0, cols: 1 } });
    assert.strictEqual(outside.error?.code, 'failed');
    assert.match(outside.error!.message, /outside the 100×100 view/);
    const oneD = await h.send({ ...req, view: { index: '3, :', rowAxis: 0, colAxis: -1 } });
    assert.strictEqual(oneD.error?.code, 'failed');
    assert.match(oneD.error!.message, /a heatmap needs a 2-D slice; this one is 1-D/);
  });

  it('refuses dtypes without numbers to draw with a message naming the dtype', async () => {
    const h = await host(new BufferSource(npyBytes(unicode(3), [2, 2], writeU(3, (i) => `s${i}`))));
    const r = await h.send(req);
    assert.strictEqual(r.error?.code, 'failed');
    assert.match(r.error!.message, /cannot draw dtype str96: only bool, integer, float/);
  });
});

describe('viewer: the heatmap request for an image (the Image view)', () => {
  const u1 = { kind: 'u', itemsize: 1, order: '|' } as const;
  const writeU1 = (f: (i: number) => number) => (dv: DataView, at: number, i: number): void => dv.setUint8(at, f(i));
  const px = (i: number): number => (i * 29 + 5) % 256;

  it('sends an H×W×3 uint8 image around the grid slice: every channel value, channels last', async () => {
    const h = await host(new BufferSource(npyBytes(u1, [2, 5, 6, 3], writeU1(px))));
    // The grid shows 1, 0, :, : (W×3); the image is 1, :, :, :.
    const r = await h.send({ ...req, view: { index: '1, 0, :, :', rowAxis: 0, colAxis: 1 }, image: 'last' });
    const body = r.body as HeatmapResponse;
    assert.deepStrictEqual([body.rows, body.cols, body.channels, body.pixels, body.factor], [5, 6, 3, 'uint8', 1]);
    const got = (await decode(h, body));
    assert.strictEqual(got.length, 5 * 6 * 3);
    for (let i = 0; i < got.length; i++) assert.strictEqual(got[i], px(5 * 6 * 3 + i), `value ${i}`);
    const region = (await h.send({ ...req, view: { index: '1, 0, :, :', rowAxis: 0, colAxis: 1 }, image: 'last', region: { row0: 2, rows: 2, col0: 3, cols: 3 } })).body as HeatmapResponse;
    assert.deepStrictEqual((await decode(h, region)).slice(0, 3), Float64Array.from([0, 1, 2], (c) => px(5 * 6 * 3 + (2 * 6 + 3) * 3 + c)));
  });

  it('reads C×H×W with image "first", draws a 2-D slice as one channel, and explains what it cannot draw', async () => {
    const h = await host(new BufferSource(npyBytes(u1, [4, 3, 5], writeU1(px))));
    const first = (await h.send({ ...req, view: { index: '0, :, :', rowAxis: 0, colAxis: 1 }, image: 'first' })).body as HeatmapResponse;
    assert.deepStrictEqual([first.rows, first.cols, first.channels], [3, 5, 4]);
    const got = (await decode(h, first));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 5; c++) for (let k = 0; k < 4; k++) assert.strictEqual(got[(r * 5 + c) * 4 + k], px(k * 15 + r * 5 + c));
    // Channels last: the last axis (5) is no channel axis, so the grid's 2-D slice in gray.
    const gray = (await h.send({ ...req, view: { index: '2, :, :', rowAxis: 0, colAxis: 1 }, image: 'last' })).body as HeatmapResponse;
    assert.deepStrictEqual([gray.rows, gray.cols, gray.channels, gray.pixels], [3, 5, 1, 'uint8']);
    assert.strictEqual((await decode(h, gray))[7], px(2 * 15 + 7));
    const oneD = await h.send({ ...req, view: { index: '0, 0, :', rowAxis: 0, colAxis: -1 }, image: 'last' });
    assert.match(oneD.error!.message, /an image needs an H×W×3 or H×W×4 array \(C×H×W with Channels first\) or a 2-D slice for gray; the array's shape is \(4, 3, 5\) and this slice is 1-D/);
    const floats = await host(new BufferSource(npyBytes(f8, [3, 4], writeF8((i) => i / 10))));
    const fg = (await floats.send({ ...req, image: 'first' })).body as HeatmapResponse;
    assert.deepStrictEqual([fg.channels, fg.pixels], [1, undefined], 'float gray is drawn over its domain');
    const ints = await host(new BufferSource(npyBytes(i4, [3, 4, 3], writeI4((i) => i))));
    const bad = await ints.send({ ...req, view: { index: '0, :, :', rowAxis: 0, colAxis: 1 }, image: 'last' });
    assert.match(bad.error!.message, /a colour image is drawn from uint8 values or floats in \[0, 1\], not int32/);
  });

  it('refuses a malformed image field, or image settings in the view state, before any handler runs', async () => {
    const src = new SyntheticSource(u1, [100, 100, 3], writeU1(px));
    const h = await host(src);
    const header = src.stats.bytes;
    const state = (pictures: unknown) => ({ type: 'state', state: { scrollRow: 0, scrollCol: 0, pictures }, probe: {} });
    const malformed: [string, unknown][] = [
      ['an unknown channel order', { ...req, image: 'middle' }],
      ['a boolean', { ...req, image: true }],
      ['a number', { ...req, image: 3 }],
      ['null', { ...req, image: null }],
      ['an unknown view mode', state({ mode: 'photo' })],
      ['channelsFirst as a string', state({ mode: 'image', image: { channelsFirst: 'yes' } })],
      ['image settings with an extra field', state({ mode: 'image', image: { channelsFirst: true, gamma: 2 } })],
      ['image settings without channelsFirst', state({ mode: 'image', image: {} })],
      ['image settings as a string', state({ mode: 'image', image: 'first' })],
    ];
    await refusesAll(h, malformed, () => src.stats.bytes - header);
    const ok = await h.send({ ...req, view: { index: '0, :, :', rowAxis: 0, colAxis: 1 }, image: 'last', maxWidth: 10, maxHeight: 10 });
    assert.deepStrictEqual([(ok.body as HeatmapResponse).factor, (ok.body as HeatmapResponse).channels], [10, 3]);
  });
});
