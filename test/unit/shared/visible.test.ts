/** visibleText: data text shown legibly and inert (controls as Python's repr escapes them, long text cut). */
import * as assert from 'assert';
import { isCut, showControls, TITLE_MAX, VISIBLE_MAX, visibleText, visibleTitle } from '../../../src/shared/visible';
import { requireNumpy, runNumpy } from '../../support/numpy';

describe('visibleText (src/shared/visible.ts)', () => {
  it('shows bidi controls, zero-width characters, C0/C1 controls and odd spaces as escapes', () => {
    assert.strictEqual(showControls('abc\u202Edef'), 'abc\\u202edef');
    assert.strictEqual(showControls('\u2066x\u2067y\u2068z\u2069'), '\\u2066x\\u2067y\\u2068z\\u2069');
    assert.strictEqual(showControls('l\u200Er\u200F'), 'l\\u200er\\u200f');
    assert.strictEqual(showControls('a\u200Bb\u200Cc\u200Dd\uFEFF'), 'a\\u200bb\\u200cc\\u200dd\\ufeff');
    assert.strictEqual(showControls('\x00\x07\t\n\r\x1b[31m\x7f\x85\x9f'), '\\x00\\x07\\t\\n\\r\\x1b[31m\\x7f\\x85\\x9f');
    assert.strictEqual(showControls('a\u00A0b\u3000c\u2028d\u2029'), 'a\\xa0b\\u3000c\\u2028d\\u2029');
    assert.strictEqual(showControls('tag\u{E0041}'), 'tag\\U000e0041');
    assert.strictEqual(showControls('lone \uD800 surrogate'), 'lone \\ud800 surrogate');
  });

  it('leaves printable text alone: markup stays text, letters, CJK, emoji and spaces unchanged', () => {
    for (const s of ['<script>alert(1)</script>', 'javascript:alert(1)', '<img src=x onerror=alert(1)>', '重みファイル', 'naïve café', '😀 🇫🇷', 'a b', "it's \\ \"q\""]) {
      assert.strictEqual(showControls(s), s);
      assert.strictEqual(visibleText(s), s);
    }
  });

  it('cuts long text at VISIBLE_MAX with "…", looking only at its start', () => {
    const long = 'x'.repeat(100_000);
    const shown = visibleText(long);
    assert.strictEqual(shown, `${'x'.repeat(VISIBLE_MAX)}…`);
    assert.ok(isCut(long));
    assert.ok(!isCut('short'));
    assert.strictEqual(visibleText('x'.repeat(VISIBLE_MAX)), 'x'.repeat(VISIBLE_MAX), 'exactly the limit is not cut');
    assert.strictEqual(visibleText('x'.repeat(VISIBLE_MAX + 1)), `${'x'.repeat(VISIBLE_MAX)}…`);
    // Escapes count toward the limit; a cut never splits an escape's surrogate pair.
    const bidi = '\u202E'.repeat(100_000);
    assert.strictEqual(visibleText(bidi).length, VISIBLE_MAX + 1);
    assert.ok(!/[\u202E]/.test(visibleText(bidi)));
    const emoji = `${'y'.repeat(VISIBLE_MAX - 1)}😀😀`;
    assert.strictEqual(visibleText(emoji), `${'y'.repeat(VISIBLE_MAX - 1)}…`);
    assert.strictEqual(visibleText(`${'y'.repeat(VISIBLE_MAX)}😀`), `${'y'.repeat(VISIBLE_MAX)}…`);
    const title = visibleTitle(long);
    assert.strictEqual(title.length, TITLE_MAX + 1);
    assert.strictEqual(visibleTitle('a\u202Eb'), 'a\\u202eb');
  });

  it('escapes exactly the characters Python\'s repr escapes, as it writes them', function () {
    requireNumpy(this, "the comparison with Python's repr");
    const points: number[] = [];
    const range = (a: number, b: number): void => { for (let c = a; c <= b; c++) points.push(c); };
    range(0, 0x2ff);
    range(0x2000, 0x206f);
    range(0x3000, 0x3003);
    range(0xfe00, 0xfe0f);
    range(0xfff0, 0xfffd);
    points.push(0xe000, 0xf8ff, 0x1f600, 0x1f1eb, 0xe0001, 0xe007f, 0x10fffd, 0x1d173, 0x110bd);
    // Python's repr also escapes the quote and the backslash (a str literal's syntax); we do not.
    const chosen = points.filter((c) => c !== 0x27 && c !== 0x5c);
    const py = JSON.parse(runNumpy('cps = json.load(sys.stdin)\nprint(json.dumps([repr(chr(c))[1:-1] for c in cps]))', JSON.stringify(chosen))) as string[];
    const differ = chosen.map((c, i) => [c, showControls(String.fromCodePoint(c)), py[i]] as const).filter(([, ours, theirs]) => ours !== theirs);
    assert.deepStrictEqual(differ, []);
    assert.ok(chosen.length > 900, `${chosen.length} code points compared`);
  });
});
