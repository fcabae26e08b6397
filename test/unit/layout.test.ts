// The project's size rules for the code in src/ and webview/ (see README "Layout"): no source file
// over 600 lines, no folder with more than 12 source files directly in it. Import cycles and the
// layers' import rules are checked by `npm run lint` (eslint.config.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const ROOTS = ['src', 'webview'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|css|sh|py)$/;
const MAX_LINES = 600;
const MAX_FILES = 12;

/**
 * KNOWN EXCEPTIONS, to be emptied: each entry is tolerated until the work named beside it lands,
 * and reported (not failed) once it is within the limits again, so that it can be deleted.
 */
const ALLOWED_OVER: Record<string, string> = {};

interface Folder { dir: string; files: string[] }

function walk(dir: string, out: Folder[]): void {
  const entries = fs.readdirSync(path.join(REPO, dir), { withFileTypes: true });
  out.push({ dir, files: entries.filter((e) => e.isFile() && SOURCE.test(e.name)).map((e) => `${dir}/${e.name}`) });
  for (const e of entries) if (e.isDirectory()) walk(`${dir}/${e.name}`, out);
}

function lineCount(file: string): number {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('layout: file and folder sizes in src/ and webview/', () => {
  const folders: Folder[] = [];
  for (const root of ROOTS) walk(root, folders);
  const files = folders.flatMap((f) => f.files);
  /** Known exceptions seen over their limit in this run. */
  const stillOver = new Set<string>();

  after(() => {
    for (const [k, why] of Object.entries(ALLOWED_OVER)) {
      if (stillOver.has(k)) console.log(`      known exception: ${k} (${why})`);
      else console.log(`      ${k} is within the limits now: delete it from ALLOWED_OVER in test/unit/layout.test.ts`);
    }
  });

  it('finds the source tree', () => {
    // guards the walk itself: an empty or wrong tree would pass every check below
    assert.ok(files.includes('src/extension.ts') && files.includes('webview/main.ts'), files.join(', '));
    assert.ok(files.length > 50, `only ${files.length} source files found`);
  });

  it(`no source file has more than ${MAX_LINES} lines`, () => {
    const over = files.map((f) => ({ f, n: lineCount(f) })).filter(({ n }) => n > MAX_LINES);
    for (const { f } of over) if (f in ALLOWED_OVER) stillOver.add(f);
    assert.deepStrictEqual(over.filter(({ f }) => !(f in ALLOWED_OVER)).map(({ f, n }) => `${f}: ${n} lines`), []);
  });

  it(`no folder has more than ${MAX_FILES} source files directly in it`, () => {
    const over = folders.filter((f) => f.files.length > MAX_FILES);
    for (const f of over) if (f.dir in ALLOWED_OVER) stillOver.add(f.dir);
    assert.deepStrictEqual(over.filter((f) => !(f.dir in ALLOWED_OVER)).map((f) => `${f.dir}/: ${f.files.length} files`), []);
  });
});
