/**
 * The CLI's own compile cache for Node before 22.1 (src/cli/compilecache.ts). A cache is written
 * as a process exits, so each load runs in a child process of its own.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cacheFolder, wantOwnCache, type CachedLoad } from '../../../src/cli/compilecache';
import { CORPUS, ROOT, runCli, tempDir } from '../../support/cli-harness';

const MODULE = path.join(ROOT, 'out', 'src', 'cli', 'compilecache.js');
const POSIX = process.platform !== 'win32';

interface Loaded { cache: CachedLoad['cache'] | 'fallback'; exports: unknown; same: boolean | null }

/** Loads `file` with requireWithCache in a child process: what it returned, and require's answer after it. */
function load(file: string, dir: string): Loaded {
  const script = `
    const { requireWithCache } = require(${JSON.stringify(MODULE)});
    const r = requireWithCache(${JSON.stringify(file)}, ${JSON.stringify(dir)}, module);
    const exported = r ? r.exports : undefined;
    const same = r ? require(${JSON.stringify(file)}) === exported : null;
    console.log(JSON.stringify({ cache: r ? r.cache : 'fallback', exports: exported, same }));
  `;
  const p = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.strictEqual(p.status, 0, p.stderr);
  return JSON.parse(p.stdout) as Loaded;
}

/** The cache files in `dir` (temporary files of a write are not there after it). */
const cacheFiles = (dir: string) => fs.readdirSync(dir).sort();

describe('cli: compile cache', () => {
  let root: string;
  beforeEach(() => { root = tempDir('npyview-compile-cache-test-'); });

  it('writes a cache on the first load, uses it on the next, and the module is the one require knows', () => {
    const dir = cacheFolder(root)!;
    const mod = path.join(root, 'bundle.js');
    fs.writeFileSync(path.join(root, 'helper.js'), 'module.exports = 40;\n');
    fs.writeFileSync(mod, "exports.value = require('./helper') + 2; exports.where = [__filename, __dirname];\n");
    const first = load(mod, dir);
    assert.deepStrictEqual(first, { cache: 'none', exports: { value: 42, where: [mod, root] }, same: true });
    const files = cacheFiles(dir);
    assert.strictEqual(files.length, 1);
    assert.match(files[0], new RegExp(`^bundle\\.js-${process.versions.node.replace(/\./g, '\\.')}-${process.arch}-.+\\.bin$`));
    const written = fs.readFileSync(path.join(dir, files[0]));
    assert.ok(written.length > 0);
    if (POSIX) assert.strictEqual(fs.statSync(path.join(dir, files[0])).mode & 0o777, 0o600);

    const second = load(mod, dir);
    assert.deepStrictEqual(second, { ...first, cache: 'used' });
    assert.deepStrictEqual(cacheFiles(dir), files, 'a cache that was used is not written again');
    assert.ok(fs.readFileSync(path.join(dir, files[0])).equals(written));
  });

  it('rewrites a cache V8 rejects, and a rebuilt module gets a cache of its own', () => {
    const dir = cacheFolder(root)!;
    const mod = path.join(root, 'bundle.js');
    fs.writeFileSync(mod, 'exports.value = 1;\n');
    load(mod, dir);
    const [file] = cacheFiles(dir);
    const garbage = Buffer.alloc(fs.statSync(path.join(dir, file)).size, 0x5a);
    fs.writeFileSync(path.join(dir, file), garbage);
    assert.deepStrictEqual(load(mod, dir), { cache: 'rejected', exports: { value: 1 }, same: true });
    assert.ok(!fs.readFileSync(path.join(dir, file)).equals(garbage), 'the rejected cache is replaced');
    assert.strictEqual(load(mod, dir).cache, 'used');

    // The same length, other code: a cache of the old text must not run it.
    fs.writeFileSync(mod, 'exports.value = 2;\n');
    assert.deepStrictEqual(load(mod, dir), { cache: 'none', exports: { value: 2 }, same: true });
    assert.strictEqual(cacheFiles(dir).length, 2, "the earlier build's cache is kept while it is recent");
    assert.strictEqual(load(mod, dir).cache, 'used');
  });

  it("removes an earlier build's cache once it has gone unused for a month", () => {
    const dir = cacheFolder(root)!;
    const mod = path.join(root, 'bundle.js');
    const prefix = `bundle.js-${process.versions.node}-${process.arch}-`;
    const stale = path.join(dir, `${prefix}1-2-3-4.bin`);
    const other = path.join(dir, `other.js-${process.versions.node}-${process.arch}-1-2-3-4.bin`);
    for (const f of [stale, other]) {
      fs.writeFileSync(f, 'old');
      const then = new Date(Date.now() - 40 * 24 * 3600 * 1000);
      fs.utimesSync(f, then, then);
    }
    fs.writeFileSync(mod, 'exports.value = 3;\n');
    load(mod, dir);
    assert.ok(!fs.existsSync(stale), 'a stale cache of the same bundle is removed');
    assert.ok(fs.existsSync(other), "another bundle's cache is left alone");
    assert.strictEqual(cacheFiles(dir).filter((f) => f.startsWith(prefix)).length, 1);
  });

  it("throws the module's own error and leaves nothing in require's cache", () => {
    const dir = cacheFolder(root)!;
    const mod = path.join(root, 'bad.js');
    fs.writeFileSync(mod, "globalThis.runs = (globalThis.runs || 0) + 1; throw new Error('bundle says no');\n");
    const script = `
      const { requireWithCache } = require(${JSON.stringify(MODULE)});
      let message;
      try { requireWithCache(${JSON.stringify(mod)}, ${JSON.stringify(dir)}, module); } catch (e) { message = e.message; }
      try { require(${JSON.stringify(mod)}); } catch { /* run again: it was not cached as loaded */ }
      console.log(JSON.stringify({ message, runs: globalThis.runs }));
    `;
    const p = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(p.status, 0, p.stderr);
    assert.deepStrictEqual(JSON.parse(p.stdout), { message: 'bundle says no', runs: 2 });
  });

  it('leaves to require what it cannot load: a missing file, a shebang, import(), a syntax error', () => {
    const dir = cacheFolder(root)!;
    assert.strictEqual(load(path.join(root, 'missing.js'), dir).cache, 'fallback');
    const dynamic = path.join(root, 'dynamic.js');
    fs.writeFileSync(dynamic, "exports.later = () => import('./other.mjs');\n");
    assert.strictEqual(load(dynamic, dir).cache, 'fallback');
    const shebang = path.join(root, 'bin.js');
    fs.writeFileSync(shebang, '#!/usr/bin/env node\nexports.value = 4;\n');
    assert.strictEqual(load(shebang, dir).cache, 'fallback');
    const broken = path.join(root, 'broken.js');
    fs.writeFileSync(broken, 'exports.value = ;\n');
    const p = spawnSync(process.execPath, ['-e', `
      const { requireWithCache } = require(${JSON.stringify(MODULE)});
      console.log(requireWithCache(${JSON.stringify(broken)}, ${JSON.stringify(dir)}, module) === undefined);
    `], { encoding: 'utf8' });
    assert.strictEqual(p.stdout.trim(), 'true', p.stderr);
    assert.deepStrictEqual(cacheFiles(dir), []);
  });

  (POSIX ? it : it.skip)('keeps its cache only in a private folder of this user', () => {
    const uid = process.getuid!();
    const made = cacheFolder(root);
    assert.strictEqual(made, path.join(root, `npyview-compile-cache-${uid}`));
    const st = fs.lstatSync(made);
    assert.ok(st.isDirectory());
    assert.strictEqual(st.mode & 0o777, 0o700);
    assert.strictEqual(cacheFolder(root), made, 'found again');

    fs.chmodSync(made, 0o777);
    assert.strictEqual(cacheFolder(root), null, 'others may write in it');
    fs.chmodSync(made, 0o770);
    assert.strictEqual(cacheFolder(root), null, 'its group may write in it');
    fs.chmodSync(made, 0o755);
    assert.strictEqual(cacheFolder(root), made, 'others may read it, not plant files');

    const elsewhere = tempDir('npyview-compile-cache-link-');
    const linked = path.join(elsewhere, `npyview-compile-cache-${uid}`);
    fs.mkdirSync(path.join(elsewhere, 'target'), { mode: 0o700 });
    fs.symlinkSync(path.join(elsewhere, 'target'), linked);
    assert.strictEqual(cacheFolder(elsewhere), null, 'a link, maybe to a folder of someone else');

    const fileThere = tempDir('npyview-compile-cache-file-');
    fs.writeFileSync(path.join(fileThere, `npyview-compile-cache-${uid}`), '');
    assert.strictEqual(cacheFolder(fileThere), null, 'a file');
    assert.strictEqual(cacheFolder(path.join(root, 'no', 'such', 'folder')), null, 'a temporary folder that does not exist');
  });

  it('is wanted on Node before 22.1 only, and NODE_DISABLE_COMPILE_CACHE=1 turns it off', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    assert.strictEqual(wantOwnCache(), major < 22 || (major === 22 && minor < 1));
    const saved = process.env.NODE_DISABLE_COMPILE_CACHE;
    try {
      process.env.NODE_DISABLE_COMPILE_CACHE = '1';
      assert.strictEqual(wantOwnCache(), false);
    } finally {
      if (saved === undefined) delete process.env.NODE_DISABLE_COMPILE_CACHE; else process.env.NODE_DISABLE_COMPILE_CACHE = saved;
    }
  });

  it('the CLI bundles are ASCII (V8 keeps their text in one byte a character: less to read, copy and compile)', function () {
    this.timeout(60000);
    const dist = tempDir('npyview-cli-build-');
    const p = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'cli', '--dist', dist], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(p.status, 0, p.stderr);
    const bundles = [path.join(dist, 'cli.js'), ...fs.readdirSync(path.join(dist, 'cli')).map((f) => path.join(dist, 'cli', f))];
    assert.ok(bundles.length >= 4, bundles.join());
    for (const file of bundles) {
      const text = fs.readFileSync(file, 'latin1');
      const at = text.search(/[^\x00-\x7f]/);
      assert.strictEqual(at, -1, `${path.basename(file)}: a non-ASCII character in ${JSON.stringify(text.slice(at - 40, at + 20))}`);
    }
  });

  it('npyview loads its command through the cache where Node has none, with the same output', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: root, TMP: root, TEMP: root };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const file = path.join(CORPUS, fs.readdirSync(CORPUS).find((f) => f.endsWith('.npy'))!);
    const first = await runCli(['info', '--json', file], { env });
    const second = await runCli(['info', '--json', file], { env });
    assert.strictEqual(first.code, 0, first.stderr);
    assert.strictEqual(second.code, 0, second.stderr);
    assert.ok(first.stdout.equals(second.stdout));
    const dir = path.join(root, POSIX ? `npyview-compile-cache-${process.getuid!()}` : 'npyview-compile-cache');
    if (wantOwnCache()) assert.deepStrictEqual(cacheFiles(dir).map((f) => f.split('-')[0]), ['commands.js']);
    else assert.ok(!fs.existsSync(dir), 'Node caches itself');
  });
});
