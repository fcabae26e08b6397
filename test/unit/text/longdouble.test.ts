/**
 * Invalid x87 80-bit long doubles (issue 12, defect 2): pseudo-NaN, pseudo-infinity, unnormal
 * and pseudo-denormal patterns, next to valid ones, in every long double dtype. Expected values:
 * NumPy 2.4 on x86-64 (test/fixtures/hostile/make_hostile.py → longdouble.json).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dtypeFromDescr } from '../../../src/npy/format/dtype';
import { LongDouble, makeDecoder } from '../../../src/npy/format/decode';
import { buildHeader } from '../../../src/npy/format/header';
import { NpyArray } from '../../../src/npy/format/array';
import { BufferSource } from '../../../src/npy/io/filesource';
import { MemorySink } from '../../../src/npy/io/sink';
import { numpyRepr, numpyStr } from '../../../src/npy/text/scalarstr';
import { pyFormat, PyError } from '../../../src/npy/text/pyformat';
import { SAVETXT_DEFAULTS, savetxt } from '../../../src/npy/text/savetxt';
import { NpyError } from '../../../src/npy/errors';
import { cellOf } from '../../../src/viewer/display';

const FIX = path.join(__dirname, '../../../../test/fixtures/hostile');

interface Case {
  class: string; descr: string; hex: string; str: string; repr: string; isnan: boolean; isinf: boolean;
  fmt: Record<string, string>; savetxt: string; savetxt_s: string;
}

const data = JSON.parse(fs.readFileSync(path.join(FIX, 'longdouble.json'), 'utf8')) as { cases: Case[] };

async function exportText(c: Case, fmt: string): Promise<string> {
  const dt = dtypeFromDescr(c.descr);
  const body = Buffer.from(c.hex, 'hex');
  const file = Buffer.concat([Buffer.from(buildHeader(dt, [1], false)), body]);
  const arr = await NpyArray.open(new BufferSource(file));
  const sink = new MemorySink();
  try {
    await savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt }, sink);
  } catch (e) {
    if (e instanceof NpyError) return `!${e.message}`;
    throw e;
  }
  return Buffer.from(sink.toBuffer()).toString('utf8');
}

function formatted(fmt: string, c: Case): string {
  const dt = dtypeFromDescr(c.descr);
  try {
    return pyFormat(fmt, [{ dt, v: makeDecoder(dt)(Buffer.from(c.hex, 'hex'), 0) }]);
  } catch (e) {
    if (e instanceof PyError) return `!${e.pyType}: ${e.message}`;
    throw e;
  }
}

describe('long doubles: every x87 class as NumPy 2.4 on x86-64 prints it', () => {
  const cases = data.cases;
  it('covers every class in every dtype', () => {
    const seen = new Set(cases.map((c) => `${c.class} ${c.descr}`));
    for (const k of ['valid', 'pseudo-nan', 'pseudo-infinity', 'unnormal', 'pseudo-denormal']) {
      for (const d of ['<f16', '>f16', '<c32', '>c32']) assert.ok(seen.has(`${k} ${d}`), `${k} ${d}`);
    }
    assert.ok(cases.length >= 250, `${cases.length} cases`);
  });
  it('str() and repr() (Dragon4 reads the bits; the notation follows the FPU)', () => {
    const bad: string[] = [];
    for (const c of cases) {
      const dt = dtypeFromDescr(c.descr);
      const v = makeDecoder(dt)(Buffer.from(c.hex, 'hex'), 0);
      const s = numpyStr(dt, v);
      const r = numpyRepr(dt, v);
      if (s !== c.str) bad.push(`${c.class} ${c.descr} ${c.hex} str: ${s.slice(0, 80)} != ${c.str.slice(0, 80)}`);
      if (r !== c.repr) bad.push(`${c.class} ${c.descr} ${c.hex} repr: ${r.slice(0, 80)} != ${c.repr.slice(0, 80)}`);
    }
    assert.deepStrictEqual(bad.slice(0, 20), []);
  });
  it("'%' formats: float() and int() see the FPU's value (invalid operands are NaN)", () => {
    const bad: string[] = [];
    let n = 0;
    for (const c of cases) {
      for (const [fmt, want] of Object.entries(c.fmt)) {
        n++;
        const got = formatted(fmt, c);
        if (got !== want) bad.push(`${c.class} ${c.descr} ${c.hex} ${fmt}: ${got.slice(0, 80)} != ${want.slice(0, 80)}`);
      }
    }
    assert.ok(n >= 2000, `${n}`);
    assert.deepStrictEqual(bad.slice(0, 20), []);
  });
  it('np.isnan / np.isinf', () => {
    for (const c of cases.filter((x) => x.descr[1] === 'f')) {
      const x = makeDecoder(dtypeFromDescr(c.descr))(Buffer.from(c.hex, 'hex'), 0) as LongDouble;
      assert.strictEqual(x.isNaN(), c.isnan, `${c.class} ${c.hex}`);
      assert.strictEqual(x.isInfinite(), c.isinf, `${c.class} ${c.hex}`);
    }
  });
  it('np.savetxt with the default format and with %s', async () => {
    const bad: string[] = [];
    for (const c of cases) {
      const a = await exportText(c, SAVETXT_DEFAULTS.fmt as string);
      const b = await exportText(c, '%s');
      if (a !== c.savetxt) bad.push(`${c.class} ${c.descr} ${c.hex} default: ${a.slice(0, 80)} != ${c.savetxt.slice(0, 80)}`);
      if (b !== c.savetxt_s) bad.push(`${c.class} ${c.descr} ${c.hex} %s: ${b.slice(0, 80)} != ${c.savetxt_s.slice(0, 80)}`);
    }
    assert.deepStrictEqual(bad.slice(0, 20), []);
  });
  it('the grid: nan where np.isnan, inf where np.isinf, else str() (at precision 40)', () => {
    for (const c of cases.filter((x) => x.descr[1] === 'f')) {
      const dt = dtypeFromDescr(c.descr);
      const cell = cellOf(dt, makeDecoder(dt)(Buffer.from(c.hex, 'hex'), 0), { notation: 'auto', precision: 40 });
      const want = c.isnan ? 'nan' : c.isinf ? c.str : c.str;
      assert.strictEqual(cell.text, want, `${c.class} ${c.hex}`);
      assert.strictEqual(cell.flag === 1, c.isnan, `${c.class} ${c.hex}: flag ${cell.flag}`);
    }
  });
});
