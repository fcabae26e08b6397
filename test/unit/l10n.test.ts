import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_STRINGS } from '../../src/shared/strings';

// Compiled to out/test/unit: the repository is three levels up.
const REPO = path.resolve(__dirname, '..', '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(REPO, rel), 'utf8');

/** The first argument of every vscode.l10n.t('...') call with a string literal under `dir`. */
function l10nCalls(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...l10nCalls(rel));
    else if (rel.endsWith('.ts')) {
      for (const m of read(rel).matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) out.push(JSON.parse(`"${m[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`));
    }
  }
  return out;
}

describe('translations (zh-cn)', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;

  it('translates every host string and every webview string', () => {
    const host = l10nCalls('src');
    assert.ok(host.length > 50, `found the host's strings (${host.length})`);
    const missing = [...host, ...Object.values(DEFAULT_STRINGS)].filter((s) => !(s in bundle));
    assert.deepStrictEqual(missing, []);
  });

  it('keeps the placeholders of each string', () => {
    for (const [en, zh] of Object.entries(bundle)) {
      const ph = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepStrictEqual(ph(zh), ph(en), en);
    }
  });

  it('has every %key% of package.json in package.nls.json and package.nls.zh-cn.json', () => {
    const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 10);
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = JSON.parse(read(file)) as Record<string, string>;
      assert.deepStrictEqual(keys.filter((k) => !(k in nls)), [], file);
    }
  });
});
