/**
 * A compile cache for the command bundles where Node has none of its own (before 22.1, which
 * adds `module.enableCompileCache`): V8's code cache of a bundle, made when a run that compiled
 * it ends, lets later runs skip parsing and compiling most of it. On Node 20 an `npyview stats`
 * or `info` of a small file takes ~5 ms less (of ~40 ms); the stats bundle is ~210 KB.
 *
 * The cache is kept where Node 22 keeps its own, in the temporary folder, but in a folder of
 * this user's (npyview-compile-cache-UID), made private (0700); it is used only when that folder
 * is a real folder (not a link), this user's, and no one else may write in it. A cache file is
 * named by the bundle's name, Node's version and architecture, and the identity of the bundle's
 * file (readWithIdentity), so a rebuilt bundle never meets an old cache. V8 checks the rest (its
 * version and flags) and rejects a cache that does not fit; a new one is then written. Files are
 * written whole under a temporary name and then renamed. Any failure only means no cache.
 * NODE_DISABLE_COMPILE_CACHE=1, Node's own switch, turns it off.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';

/** How long a cache of an earlier build of a bundle is kept unused. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** The function a CommonJS module's text is wrapped in, as Node wraps it. */
const WRAP = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

/** This Node has no compile cache of its own (before 22.1), and the cache is not turned off. */
export function wantOwnCache(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return (major < 22 || (major === 22 && minor < 1)) && process.env.NODE_DISABLE_COMPILE_CACHE !== '1';
}

/** This user's private cache folder, made if missing; null when it cannot be trusted or made. */
export function cacheFolder(tmp: string): string | null {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = join(tmp, `npyview-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    let st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      mkdirSync(dir, { mode: 0o700 });
      st = lstatSync(dir);
    }
    if (!st.isDirectory()) return null;
    // Another user's folder, or one others may write in, could hold a planted cache.
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null; // not made (a read-only temporary folder), or made by another process just now: next time
  }
}

/**
 * A module loaded by requireWithCache, and its cache: 'used'; 'none' (there was none) or
 * 'rejected' (V8 found it did not fit), and then one is written as the process exits.
 */
export interface CachedLoad { exports: unknown; cache: 'used' | 'none' | 'rejected' }

/**
 * Loads the CommonJS module `file` as `require` would (it then is in require's cache), compiled
 * from the code cache in `dir` when there is one that fits. Returns undefined, having done
 * nothing, when the module cannot be loaded this way (the caller then requires it as usual); an
 * error of the module's own code is thrown.
 */
export function requireWithCache(file: string, dir: string, parent: NodeModule): CachedLoad | undefined {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only on this path */
  const vm = require('vm') as typeof import('vm');
  const Module = require('module') as unknown as ModuleClass;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const read = readWithIdentity(file);
  if (!read) return undefined;
  const source = read.bytes.toString('utf8');
  // A shebang line or a byte order mark would be a syntax error inside the wrapper, and a
  // vm.Script has no loader for import() (the command bundles have none; require has it).
  if (source.startsWith('#!') || source.charCodeAt(0) === 0xfeff || source.includes('import(')) return undefined;
  const prefix = `${basename(file).replace(/[^\w.-]/g, '_')}-${process.versions.node}-${process.arch}-`;
  const cacheFile = join(dir, `${prefix}${read.identity}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cacheFile);
  } catch { /* none yet */ }
  let script: import('vm').Script;
  try {
    script = new vm.Script(WRAP[0] + source + WRAP[1], { filename: file, cachedData: cached });
  } catch {
    return undefined; // not a script V8 compiles this way; require reports what is wrong with it
  }
  const m = new Module(file, parent);
  m.filename = file;
  m.paths = Module._nodeModulePaths(dirname(file));
  Module._cache[file] = m;
  try {
    (script.runInThisContext() as ModuleWrapper).call(m.exports, m.exports, Module.createRequire(file), m, file, dirname(file));
  } catch (e) {
    delete Module._cache[file];
    throw e;
  }
  m.loaded = true;
  const cache = !cached ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (cache !== 'used') process.once('exit', () => writeCache(script, dir, cacheFile, prefix));
  return { exports: m.exports, cache };
}

/**
 * The file's bytes and what names this version of it: its device, inode, size and change time
 * (which every write sets, and no one can set back), the same before and after the read. A
 * content hash would be surer still, but loading the crypto module costs Node 20 ~3 ms, a third
 * of what the cache saves.
 */
function readWithIdentity(file: string): { bytes: Buffer; identity: string } | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const id = () => {
      const st = fstatSync(fd!, { bigint: true });
      return `${st.dev}-${st.ino}-${st.size}-${st.ctimeNs}`;
    };
    const before = id();
    const bytes = readFileSync(fd);
    return id() === before ? { bytes, identity: before } : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type ModuleWrapper = (this: unknown, exports: unknown, require: NodeRequire, module: NodeModule, filename: string, dirname: string) => void;

/** The parts of Node's Module class used here. */
interface ModuleClass {
  new (id: string, parent: NodeModule): NodeModule & { paths: string[]; loaded: boolean };
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, NodeModule>;
  createRequire(file: string): NodeRequire;
}

/** Writes the cache of everything `script` has compiled so far; removes the bundle's stale ones. */
function writeCache(script: import('vm').Script, dir: string, cacheFile: string, prefix: string): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    try { unlinkSync(temp); } catch { /* nothing written */ }
    return;
  }
  // Caches of earlier builds of the bundle, unused for a month (two installs in use keep theirs).
  try {
    const old = Date.now() - STALE_MS;
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (!f.startsWith(prefix) || p === cacheFile) continue;
      const st = statSync(p);
      if (Math.max(st.atimeMs, st.mtimeMs) < old) unlinkSync(p);
    }
  } catch { /* left for another run */ }
}
