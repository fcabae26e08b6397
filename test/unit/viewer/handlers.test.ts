/**
 * The host side of the protocol: the editor's handler table (src/viewer/handlers.ts) behind the
 * shared MessageHandler, fed every malformed shape a page could post. Each gets exactly one typed
 * error reply, no handler runs for it and no byte of the file is read; well-formed but greedy
 * requests are cut to a page's budget.
 */
import * as assert from 'assert';
import { MessageHandler, type Receiver } from '../../../src/shared/messages';
import {
  LIMITS, type Envelope, type FromWebviewMessage, type ReplyErrorCode, type RequestHandlers, type ToWebviewMessage,
} from '../../../src/shared/protocol';
import { openSource } from '../../../src/npy/format/open';
import { dtypeFromDescr } from '../../../src/npy/format/dtype';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';
import { viewerReceiver } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import { SyntheticSource, i4, unicode, writeI4, writeU } from '../../support/viewer-arrays';

const settings = { notation: 'auto' as const, precision: 6 };
const view = { index: '...', rowAxis: 0, colAxis: 1 };
const page = { type: 'getPage', view, row0: 0, rows: 64, col0: 0, cols: 16 };

/** A host over a synthetic array: counts what the editor side and the file were asked for. */
async function host(src: SyntheticSource, opts: { maxCopyChars?: number } = {}) {
  const session = new ViewerSession(await openSource(src, 'big.npy'), { fileName: 'big.npy', sizeOnDisk: src.size, settings, ...opts });
  const calls: string[] = [];
  const clipboard: string[] = [];
  const receiver = viewerReceiver({
    session: () => { calls.push('session'); return session; },
    ready: async () => { calls.push('ready'); return session.ready(); },
    clipboard: async (text) => { clipboard.push(text); },
    runCommand: async () => { calls.push('runCommand'); return { done: true }; },
    state: () => { calls.push('state'); },
  });
  const posted: Envelope<unknown>[] = [];
  const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => posted.push(env), receiver);
  let id = 1000;
  /** Sends one message body; resolves with every reply to it. */
  const send = async (body: unknown): Promise<Envelope<unknown>[]> => {
    const mine = ++id;
    await handler.handleMessage({ id: mine, body });
    return posted.filter((e) => e.inReplyTo === mine);
  };
  const bytesBefore = src.stats.bytes;
  return { session, calls, clipboard, send, read: () => src.stats.bytes - bytesBefore };
}

const big = (): SyntheticSource => new SyntheticSource(i4, [1_000_000, 1_000_000], writeI4((i) => i % 1000));

const MIB_OF_TEXT = 'x'.repeat(1 << 20);

/** Every malformed shape, with the reply code it must get. */
const MALFORMED: [string, unknown, ReplyErrorCode][] = [
  ['a number', 42, 'malformed'],
  ['a string', 'getPage', 'malformed'],
  ['null', null, 'malformed'],
  ['an array', [page], 'malformed'],
  ['no body', undefined, 'malformed'],
  ['no type', { view }, 'malformed'],
  ['a numeric type', { type: 7 }, 'malformed'],
  ['an unknown type', { type: 'deleteFile' }, 'unknownType'],
  ['a type named like Object.prototype', { type: 'toString' }, 'unknownType'],
  ['__proto__', JSON.parse('{"type": "__proto__"}'), 'unknownType'],
  ['a huge type', { type: 'x'.repeat(1e6) }, 'unknownType'],
  ['missing fields', { type: 'getPage' }, 'malformed'],
  ['missing view', { ...page, view: undefined }, 'malformed'],
  ['rows as a string', { ...page, rows: '64' }, 'malformed'],
  ['row0 null', { ...page, row0: null }, 'malformed'],
  ['rows NaN', { ...page, rows: NaN }, 'malformed'],
  ['col0 Infinity', { ...page, col0: Infinity }, 'malformed'],
  ['negative rows', { ...page, rows: -1 }, 'malformed'],
  ['negative row0', { ...page, row0: -5 }, 'malformed'],
  ['fractional rows', { ...page, rows: 1.5 }, 'malformed'],
  ['cols 1e12 (the report: 3,000,000 values, +314 MB)', { ...page, rows: 1, cols: 1e12 }, 'malformed'],
  ['rows past a page', { ...page, rows: LIMITS.pageRows + 1 }, 'malformed'],
  ['row0 past 2^53', { ...page, row0: 1e300 }, 'malformed'],
  ['rows nested in an array', { ...page, rows: [64] }, 'malformed'],
  ['a view nested in a view', { ...page, view: { view } }, 'malformed'],
  ['an extra field', { ...page, evil: true }, 'malformed'],
  ['an index of 10 KB', { type: 'resolveView', view: { ...view, index: '0,'.repeat(5000) } }, 'malformed'],
  ['an index that is not a string', { type: 'resolveView', view: { ...view, index: ['...'] } }, 'malformed'],
  ['a member name longer than a zip allows', { type: 'resolveView', view: { ...view, member: 'm'.repeat(70_000) } }, 'malformed'],
  ['an axis past 64', { type: 'resolveView', view: { ...view, rowAxis: 65 } }, 'malformed'],
  ['precision 99', { type: 'setFormat', settings: { notation: 'auto', precision: 99 } }, 'malformed'],
  ['precision -1', { type: 'setFormat', settings: { notation: 'auto', precision: -1 } }, 'malformed'],
  ['an unknown notation', { type: 'setFormat', settings: { notation: 'engineering', precision: 3 } }, 'malformed'],
  ['settings nested twice', { type: 'setFormat', settings: { settings } }, 'malformed'],
  ['an unknown command', { type: 'runCommand', command: 'deleteFile', view }, 'malformed'],
  ['ready with a payload', { type: 'ready', restore: {} }, 'malformed'],
  ['copy with negative rows', { type: 'copy', view, row0: 0, rows: -3, col0: 0, cols: 1 }, 'malformed'],
  ['a state without a probe', { type: 'state', state: { scrollRow: 0, scrollCol: 0 } }, 'malformed'],
  ['a state with a negative scroll', { type: 'state', state: { scrollRow: -1, scrollCol: 0 }, probe: {} }, 'malformed'],
  ['a probe with 80 M characters of text', {
    type: 'state', state: { scrollRow: 0, scrollCol: 0 },
    probe: { rendered: { rows: [0], cols: [0], texts: Array<string[]>(80).fill([MIB_OF_TEXT]) } },
  }, 'malformed'],
];

describe('host side of the protocol: the handler table', () => {
  it('answers each malformed message with one typed error, running no handler and reading nothing', async () => {
    const h = await host(big());
    let checked = 0;
    for (const [what, body, code] of MALFORMED) {
      const replies = await h.send(body);
      assert.strictEqual(replies.length, 1, `${what}: one reply`);
      assert.strictEqual(replies[0].body, undefined, what);
      assert.strictEqual(replies[0].error?.code, code, `${what}: ${JSON.stringify(replies[0].error)}`);
      assert.ok(replies[0].error!.message.length > 0 && replies[0].error!.message.length < 300, `${what}: a short message`);
      checked++;
    }
    assert.strictEqual(checked, MALFORMED.length);
    assert.ok(checked >= 40, `${checked} shapes`);
    assert.deepStrictEqual(h.calls, [], 'no handler ran');
    assert.strictEqual(h.read(), 0, 'no byte of the file was read');
  });

  it('names the field and what was wrong', async () => {
    const h = await host(big());
    const [r] = await h.send({ ...page, rows: 1, cols: 1e12 });
    assert.strictEqual(r.error!.message, `getPage.cols: expected an integer from 0 to ${LIMITS.pageCols}, got 1000000000000`);
    const [m] = await h.send({ type: 'getPage' });
    assert.match(m.error!.message, /^getPage: missing field "view"$/);
    const [x] = await h.send({ ...page, evil: true });
    assert.match(x.error!.message, /unexpected field "evil"/);
  });

  it('answers well-formed requests, and a failing one with its message', async () => {
    const h = await host(big());
    const [ok] = await h.send({ ...page, rows: 2, cols: 3 });
    assert.deepStrictEqual((ok.body as { values: string[] }).values, ['0', '1', '2', '0', '1', '2']);
    const [bad] = await h.send({ type: 'resolveView', view: { ...view, index: '1000000, :' } });
    assert.deepStrictEqual(bad.error, { code: 'failed', message: 'index 1000000 is out of bounds for axis 0 with size 1000000' });
    const [st] = await h.send({ type: 'state', state: { scrollRow: 3, scrollCol: 0 }, probe: { loading: false } });
    assert.strictEqual(st, undefined, 'events get no reply');
    assert.deepStrictEqual(h.calls.filter((c) => c === 'state'), ['state']);
  });

  it('cuts a page to its cell budget in rows and columns', async () => {
    const h = await host(big());
    const [r] = await h.send({ ...page, rows: LIMITS.pageRows, cols: LIMITS.pageCols });
    const p = r.body as { rows: number; cols: number; values: string[] };
    assert.ok(p.rows * p.cols <= LIMITS.pageCells && p.values.length === p.rows * p.cols, `${p.rows} x ${p.cols}`);
    assert.ok(p.rows >= 1 && p.cols === LIMITS.pageCols);
    assert.ok(h.read() <= LIMITS.pageCells * 4 * 2, `read ${h.read()} bytes`);
    // Past the schema too (the session is also called directly): the report's rows 1, cols 1e12.
    const direct = await h.session.getPage({ view, row0: 0, rows: 1, col0: 0, cols: 1e12 });
    assert.deepStrictEqual([direct.rows, direct.cols, direct.values.length], [1, LIMITS.pageCols, LIMITS.pageCols]);
  });

  it('cuts a page of wide elements to its byte budget, and of many fields to its value budget', async () => {
    // 1 MiB elements: 64 x 16 of them would be 1 GiB.
    const wide = new SyntheticSource(unicode(1 << 18), [100, 100], writeU(1 << 18, (i) => String(i)));
    const h = await host(wide);
    const [r] = await h.send(page);
    const p = r.body as { rows: number; cols: number };
    assert.ok(p.rows * p.cols * (1 << 20) <= LIMITS.pageBytes, `${p.rows} x ${p.cols}`);
    assert.ok(h.read() <= LIMITS.pageBytes + 4096, `read ${h.read()} bytes`);

    const fields = Array.from({ length: 2000 }, (_, i) => `('f${i}', '<i1')`).join(', ');
    const dt = dtypeFromDescr(parsePyLiteral(`[${fields}]`));
    const many = new SyntheticSource(dt, [500, 500], () => undefined);
    const m = await host(many);
    const [q] = await m.send(page);
    const pq = q.body as { rows: number; cols: number; values: string[]; fieldCount: number };
    assert.strictEqual(pq.fieldCount, 2000);
    assert.ok(pq.values.length <= LIMITS.pageValues && pq.values.length === pq.rows * pq.cols * 2000, `${pq.rows} x ${pq.cols}`);
  });

  it('caps a copy in cells and in characters, with a message pointing to Export', async () => {
    const h = await host(big());
    const [huge] = await h.send({ type: 'copy', view, row0: 0, rows: 1e12, col0: 0, cols: 1e12 });
    assert.strictEqual(huge.error?.code, 'failed');
    assert.match(huge.error!.message, /cells; copying is limited to 1000000\. Use Export/);
    assert.strictEqual(h.read(), 0);

    const small = await host(new SyntheticSource(i4, [100, 100], writeI4((i) => i)), { maxCopyChars: 1000 });
    const [long] = await small.send({ type: 'copy', view, row0: 0, rows: 100, col0: 0, cols: 100 });
    assert.match(long.error!.message, /longer than 1000 characters; use Export/);
    assert.deepStrictEqual(small.clipboard, []);
    const [fine] = await small.send({ type: 'copy', view, row0: 0, rows: 2, col0: 0, cols: 2 });
    assert.deepStrictEqual(fine.body, { cells: 4 });
    assert.deepStrictEqual(small.clipboard, ['0\t1\n100\t101']);
  });
});

describe('MessageHandler', () => {
  /** A handler with a table whose entries can misbehave. */
  function withTable(requests: Partial<RequestHandlers>) {
    const posted: Envelope<unknown>[] = [];
    const receiver: Receiver<FromWebviewMessage> = { requests: requests as RequestHandlers, events: { state: () => undefined, cancelJob: () => undefined } };
    const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => posted.push(env), receiver);
    return { handler, posted };
  }

  it('replies to a request whose handler answers nothing with an error, not silence', async () => {
    const { handler, posted } = withTable({ ready: async () => undefined as never });
    await handler.handleMessage({ id: 1, body: { type: 'ready' } });
    assert.deepStrictEqual(posted.map((e) => [e.inReplyTo, e.error?.code]), [[1, 'noAnswer']]);
  });

  it('replies to a request whose handler throws with the message', async () => {
    const { handler, posted } = withTable({ ready: async () => { throw new Error('the file is gone'); } });
    await handler.handleMessage({ id: 2, body: { type: 'ready' } });
    assert.deepStrictEqual(posted.map((e) => e.error), [{ code: 'failed', message: 'the file is gone' }]);
  });

  it('ignores what is not an envelope (nobody to answer), and rejects a request on a typed error reply', async () => {
    const { handler, posted } = withTable({});
    for (const junk of [null, 5, 'x', {}, { id: 'a' }, { id: 1.5 }, { id: 1, inReplyTo: 'x' }]) await handler.handleMessage(junk);
    assert.deepStrictEqual(posted, []);
    const out: Envelope<unknown>[] = [];
    const client = new MessageHandler<ToWebviewMessage, FromWebviewMessage>((env) => out.push(env), { events: {} as never });
    const pending = client.sendRequest({ type: 'ready' });
    await client.handleMessage({ id: 9, inReplyTo: out[0].id, error: { code: 'malformed', message: 'ready: unexpected field "x"' } });
    await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'malformed' && e.message === 'ready: unexpected field "x"');
  });
});
