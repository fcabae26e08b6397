#!/usr/bin/env node
/**
 * `npm run bench` — whole-process timings of the `npyview` CLI (run as its bin file, dist/cli.js)
 * against NumPy on the same files, in the same run, alternating (issue 6). Not a test:
 * timings on shared machines are noisy, so it prints medians and ratios and never fails the build
 * on them (exit 1 only when it cannot run).
 *
 *   npm run bench [-- --reps N] [--keep DIR] [--markdown] [--only NAME] [--viewer]
 *
 *   --reps N     repetitions per case, the first one a discarded warm-up (default 6)
 *   --keep DIR   write inputs to DIR, keep them and reuse them on the next run (default: a temp
 *                folder that is removed at the end)
 *   --markdown   also print the results as the README's markdown table
 *   --only NAME  run only cases whose name contains NAME (e.g. "window", "npz", "export", "stats", "render")
 *   --viewer     afterwards run the viewer benchmark (test/bench/viewer.mjs)
 *   --cli FILE   benchmark this CLI bundle instead of dist/cli.js (no build step)
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIG_ROWS, WINDOW, makeBigNpzInput, makeFieldInput, makeInputs, makeStatsInput, numpyEnv, windowStarts } from './inputs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
let CLI = path.join(ROOT, 'dist', 'cli.js');

const RSS_TARGET_MB = 150;
const STARTUP_TARGET_MS = 15;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { reps: 6, keep: null, markdown: false, only: null, viewer: false, cli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') opts.reps = Math.max(2, Number(argv[++i]));
    else if (a === '--keep') opts.keep = path.resolve(argv[++i]);
    else if (a === '--markdown') opts.markdown = true;
    else if (a === '--only') opts.only = argv[++i];
    else if (a === '--viewer') opts.viewer = true;
    else if (a === '--cli') opts.cli = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a} (see the comment at the top of ${path.relative(ROOT, fileURLToPath(import.meta.url))})`);
  }
  if (!Number.isFinite(opts.reps)) throw new Error('--reps needs a number');
  return opts;
}

// ---------------------------------------------------------------- environment

function numpyVersion() {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { env: numpyEnv(), encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function machine(npVersion) {
  let cpu = 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu,
    node: process.version,
    numpy: npVersion ?? 'absent',
    load: os.loadavg()[0].toFixed(1),
  };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|sh)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.js and its command bundles (dist/cli/) when missing or older than any source file. */
function ensureCliBuilt() {
  if (!fs.existsSync(path.join(ROOT, 'src', 'cli.ts'))) throw new Error('src/cli.ts does not exist yet: nothing to benchmark');
  const commands = path.join(ROOT, 'dist', 'cli');
  const bundles = [CLI, ...(fs.existsSync(commands) ? fs.readdirSync(commands).map((f) => path.join(commands, f)) : [])];
  const built = bundles.length > 1 && bundles.every((f) => fs.existsSync(f)) ? Math.min(...bundles.map((f) => fs.statSync(f).mtimeMs)) : 0;
  if (built >= newestMtime(path.join(ROOT, 'src'))) return;
  console.log('dist/cli.js is missing or stale: npm run build:cli');
  const r = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:cli failed');
}

// ---------------------------------------------------------------- cases

const NP_WINDOW = 'import sys, numpy as np\n'
  + "a = np.load(sys.argv[1], mmap_mode='r')\n"
  + 'np.savetxt(sys.argv[4], a[int(sys.argv[2]):int(sys.argv[3])])';
const NP_NPZ = 'import sys, numpy as np\n'
  + 'np.savetxt(sys.argv[3], np.load(sys.argv[1])[sys.argv[2]][:50])';
const NP_NPZ_TAIL = 'import sys, numpy as np\n'
  + 'np.savetxt(sys.argv[3], np.load(sys.argv[1])[sys.argv[2]][-50:])';
const NP_EXPORT = 'import sys, numpy as np\n'
  + 'np.savetxt(sys.argv[2], np.load(sys.argv[1]))';
// What `npyview diff --json` answers, the NumPy way: two mmaps, a mask, its count, its first
// indices and the largest difference.
const NP_DIFF = 'import sys, json, numpy as np\n'
  + "a = np.load(sys.argv[1], mmap_mode='r')\n"
  + "b = np.load(sys.argv[2], mmap_mode='r')\n"
  + 'm = ~np.isclose(a, b, equal_nan=True)\n'
  + 'r = {"mismatches": int(np.count_nonzero(m)), "first": np.argwhere(m)[:10].tolist(), "max_abs": float(np.nanmax(np.abs(a - b)))}\n'
  + "open(sys.argv[3], 'w').write(json.dumps(r))";

/** The diff case's outputs agree: same count, first indices and largest difference. */
function sameDiffAnswer(oursFile, numpyFile) {
  const ours = JSON.parse(fs.readFileSync(oursFile, 'utf8'));
  const np = JSON.parse(fs.readFileSync(numpyFile, 'utf8'));
  const p = ours.pairs?.[0];
  return ours.same === false && p?.mismatches === np.mismatches && p.max_abs === np.max_abs
    && JSON.stringify(p.first.map((e) => e.index)) === JSON.stringify(np.first);
}

// Every statistic issue 13 names, on the memory-mapped file; the counts are compared with ours.
const NP_STATS = 'import sys, json, numpy as np\n'
  + "a = np.load(sys.argv[1], mmap_mode='r')\n"
  + 'r = dict(nanmin=float(np.nanmin(a)), nanmax=float(np.nanmax(a)), nanmean=float(np.nanmean(a)), nanstd=float(np.nanstd(a)),\n'
  + '         nan=int(np.isnan(a).sum()), inf=int(np.isinf(a).sum()))\n'
  + "open(sys.argv[2], 'w').write(json.dumps(r))";

/** The stats case's check: our NaN and infinity counts are NumPy's. */
function sameCounts(oursFile, numpyFile) {
  // (both may hold Python's -Infinity / NaN, which JSON.parse does not take)
  const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8').replace(/: (-?Infinity|NaN)/g, ': null'));
  const ours = read(oursFile);
  const np = read(numpyFile);
  return ours.nan === np.nan && ours.posinf + ours.neginf === np.inf;
}

/**
 * The command line that runs npyview the way a user does: the bin file itself, through its
 * `#!/usr/bin/env node` line (a --cli file that is not executable runs under this Node).
 */
function npyview(...args) {
  try {
    fs.accessSync(CLI, fs.constants.X_OK);
    return [CLI, ...args];
  } catch {
    return [process.execPath, CLI, ...args];
  }
}

/**
 * The shebang runs `node` from PATH: make that the Node running this benchmark. Without
 * NODE_EXTRA_CA_CERTS, which our build machines set and users' machines usually do not: Node 20
 * parses that whole certificate file at every start (about 50 ms here), and npyview opens no
 * connection.
 */
function oursEnv() {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function defineCases(dir) {
  const big = path.join(dir, 'big.npy');
  // Not a target: the floor under every ratio (starting Node vs. starting Python and importing NumPy).
  const cases = [{
    name: 'baseline: node -e 0 vs python3 -c "import numpy"',
    baseline: true,
    // The Node that runs npyview, started with the same environment (oursEnv).
    ours: () => [process.execPath, '-e', '0'],
    numpy: () => ['-c', 'import numpy'],
  }];
  for (const [where, start] of Object.entries(windowStarts(BIG_ROWS))) {
    cases.push({
      name: `4 GiB .npy, 50×16 window at ${where}`,
      target: 0.3,
      big: true,
      ours: (out) => npyview('export', big, '--index', `${start}:${start + WINDOW}`, '-o', out),
      numpy: (out) => ['-c', NP_WINDOW, big, String(start), String(start + WINDOW), out],
    });
  }
  const npz = path.join(dir, 'member.npz');
  cases.push({
    name: 'npz 200 MB compressed member, first 50 rows',
    target: 0.1,
    ours: (out) => npyview('export', npz, '--member', 'a', '--index', ':50', '-o', out),
    numpy: (out) => ['-c', NP_NPZ, npz, 'a', out],
  });
  // Issue 17: the first jump to the end of a 1 GiB compressed member (inflates all of it; NumPy
  // does too). Target: ≤ 3 s in the CLI, and ratio ≤ 1. Later jumps are in-process: jumps.mjs.
  const bignpz = path.join(dir, 'bignpz.npz');
  cases.push({
    name: 'npz 1 GiB compressed member, last 50 rows (first jump to the end)',
    target: 1,
    input: 'bignpz',
    ours: (out) => npyview('export', bignpz, '--member', 'a', '--index', '-50:', '-o', out),
    numpy: (out) => ['-c', NP_NPZ_TAIL, bignpz, 'a', out],
  });
  const exp = path.join(dir, 'export.npy');
  cases.push({
    name: "export 200000×10 float64, '%.18e'",
    target: 0.33,
    ours: (out) => npyview('export', exp, '-o', out),
    numpy: (out) => ['-c', NP_EXPORT, exp, out],
  });
  const stats = path.join(dir, 'stats.npy');
  cases.push({
    name: 'stats of a 1 GiB float64 .npy with NaN/inf (NumPy: nanmin/nanmax/nanmean/nanstd/isnan/isinf on mmap)',
    target: 0.1,
    input: 'stats',
    stdout: true,
    compare: sameCounts,
    ours: () => npyview('stats', stats, '--json'),
    numpy: (out) => ['-c', NP_STATS, stats, out],
    // the floor for one pass over the file: `cat FILE > /dev/null`, warm cache
    cat: { target: 3, argv: () => ['/bin/sh', '-c', 'exec cat "$1" > /dev/null', 'sh', stats] },
    rssTarget: RSS_TARGET_MB,
  });
  // Issue 14: an absolute target (whole process, peak RSS), no NumPy side (NumPy has no PNG writer).
  cases.push({
    name: 'render 4 GiB 32768×16384 float64 to PNG',
    absolute: { ms: 1000, rssMb: 250 },
    input: 'field',
    ours: (out) => npyview('render', path.join(dir, 'field.npy'), '-o', out),
    numpy: null,
  });
  const [da, db] = [path.join(dir, 'diff_a.npy'), path.join(dir, 'diff_b.npy')];
  cases.push({
    name: 'diff two 512 MiB float64 .npy, 1000 differences',
    target: 0.3,
    rssTarget: RSS_TARGET_MB,
    // --json on stdout (saved as the output); exit 1 means "they differ", the expected answer.
    stdout: true,
    okStatus: 1,
    compare: sameDiffAnswer,
    ours: () => npyview('diff', da, db, '--json'),
    numpy: (out) => ['-c', NP_DIFF, da, db, out],
  });
  return cases;
}

// ---------------------------------------------------------------- running

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs one process to completion: wall time in ms (what the targets are about), and through
 * GNU time, when present, its CPU time (user + sys; steadier than wall time on a busy machine,
 * but only to 10 ms) and peak RSS. Returns an error line instead when the process fails.
 */
function timeProcess(cmd, args, env, scratch, okStatus = 0) {
  const usage = path.join(scratch, 'rusage.txt');
  const argv = GNU_TIME ? [GNU_TIME, '-f', '%U %S %M', '-o', usage, cmd, ...args] : [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return { ms, error: r.error.message };
  if (r.status !== okStatus) return { ms, error: firstLine(r.stderr) || `exit ${r.status ?? r.signal}` };
  if (!GNU_TIME) return { ms, stdout: r.stdout };
  const [user, sys, rssKb] = fs.readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssMb: rssKb / 1024, stdout: r.stdout };
}

function firstLine(text) {
  return (text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

/** Without GNU time: peak RSS (MB) of one more run, from VmHWM polled in /proc. */
async function pollPeakRssMb(cmd, args, env, okStatus = 0) {
  const child = spawn(cmd, args, { env, stdio: 'ignore' });
  let hwmKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /^VmHWM:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
    } catch { /* exited between polls */ }
  }, 2);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  return code === okStatus && hwmKb > 0 ? hwmKb / 1024 : null;
}

const splitCommand = ([cmd, ...args]) => [cmd, args];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function runCases(cases, opts, dir, hasNumpy) {
  const npEnv = numpyEnv();
  for (const c of cases) {
    c.runs = { ours: [], numpy: [], cat: [] };
    c.error = null;
    c.oursOut = path.join(dir, 'ours.' + cases.indexOf(c) + '.txt');
    c.numpyOut = path.join(dir, 'numpy.' + cases.indexOf(c) + '.txt');
  }
  for (let rep = 0; rep < opts.reps; rep++) {
    process.stdout.write(rep === 0 ? 'warm-up' : ` ${rep}`);
    for (const c of cases) {
      // Alternate who goes first so neither side always gets the warmer cache.
      const order = rep % 2 === 0 ? ['ours', 'numpy'] : ['numpy', 'ours'];
      if (c.cat) order.splice(rep % 3, 0, 'cat');
      for (const side of order) {
        if (side === 'cat') {
          const r = timeProcess(...splitCommand(c.cat.argv()), process.env, dir);
          if (r.error) c.catError = r.error; else if (rep > 0) c.runs.cat.push(r);
          continue;
        }
        if (side === 'numpy' && (!hasNumpy || !c.numpy)) continue;
        if (side === 'ours' && c.error) continue;
        // A stale output from an earlier run must not pass for this run's.
        const out = side === 'ours' ? c.oursOut : c.numpyOut;
        fs.rmSync(out, { force: true });
        let r = side === 'ours'
          ? timeProcess(...splitCommand(c.ours(c.oursOut)), oursEnv(), dir, c.okStatus ?? 0)
          : timeProcess('python3', c.numpy(c.numpyOut), npEnv, dir);
        if (!r.error && side === 'ours' && c.stdout) fs.writeFileSync(out, r.stdout);
        if (!r.error && !c.baseline && !fs.existsSync(out)) r = { error: 'exited 0 but wrote no output file' };
        if (r.error) {
          if (side === 'ours') c.error = r.error;
          else c.numpyError = r.error;
          continue;
        }
        if (rep > 0) c.runs[side].push(r);
      }
    }
  }
  process.stdout.write('\n');

  for (const c of cases) {
    const med = (side, key) => {
      const xs = c.runs[side].map((r) => r[key]).filter((x) => x != null);
      return xs.length ? median(xs) : null;
    };
    c.oursMedian = med('ours', 'ms');
    c.numpyMedian = med('numpy', 'ms');
    c.oursCpu = med('ours', 'cpuMs');
    c.numpyCpu = med('numpy', 'cpuMs');
    c.ratio = c.oursMedian != null && c.numpyMedian != null ? c.oursMedian / c.numpyMedian : null;
    c.cpuRatio = c.oursCpu != null && c.numpyCpu ? c.oursCpu / c.numpyCpu : null;
    c.rssMb = c.runs.ours.length ? Math.max(...c.runs.ours.map((r) => r.rssMb ?? 0)) || null : null;
    if (c.baseline) continue;
    if (c.absolute) {
      if (!c.error && c.rssMb == null) c.rssMb = await pollPeakRssMb(...splitCommand(c.ours(c.oursOut)), oursEnv(), c.okStatus ?? 0);
      c.pass = c.oursMedian != null && c.oursMedian <= c.absolute.ms && c.rssMb != null && c.rssMb <= c.absolute.rssMb;
      continue;
    }
    c.identical = hasNumpy && !c.error && !c.numpyError
      ? (c.compare ? c.compare(c.oursOut, c.numpyOut) : fs.readFileSync(c.oursOut).equals(fs.readFileSync(c.numpyOut))) : null;
    c.catMedian = med('cat', 'ms');
    c.pass = c.ratio != null && c.ratio <= c.target && c.identical === true;
    if (!c.error && c.rssMb == null) c.rssMb = await pollPeakRssMb(...splitCommand(c.ours(c.oursOut)), oursEnv(), c.okStatus ?? 0);
  }
}

// ---------------------------------------------------------------- report

const fmtMs = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (mb) => (mb == null ? '—' : `${mb.toFixed(0)} MB`);

/** "4% over target" for small misses, "2.5× the target" for big ones. */
function overBy(value, target) {
  const x = value / target;
  return x < 1.5 ? `${Math.round((x - 1) * 100)}% over target` : `${x.toFixed(1)}× the target`;
}

function resultRows(cases, hasNumpy) {
  const rows = cases.map((c) => {
    let verdict;
    if (c.baseline) verdict = '(startup floor, no target)';
    else if (c.error) verdict = `ERROR: ${c.error}`;
    else if (c.absolute) {
      const over = [c.oursMedian > c.absolute.ms && `time ${overBy(c.oursMedian, c.absolute.ms)}`,
        c.rssMb > c.absolute.rssMb && `RSS ${overBy(c.rssMb, c.absolute.rssMb)}`].filter(Boolean);
      verdict = c.pass ? 'pass' : `FAIL (${over.join(', ') || 'no measurement'})`;
    }
    else if (!hasNumpy) verdict = 'no NumPy to compare';
    else if (c.numpyError) verdict = `NumPy failed: ${c.numpyError}`;
    else if (c.identical === false) verdict = c.compare ? 'FAIL (results differ from NumPy)' : 'FAIL (bytes differ from np.savetxt)';
    else verdict = c.pass ? 'pass' : `FAIL (${overBy(c.ratio, c.target)})`;
    const cpu = c.cpuRatio != null ? `${c.cpuRatio.toFixed(2)} (${fmtMs(c.oursCpu)} / ${fmtMs(c.numpyCpu)})`
      : c.absolute && c.oursCpu != null ? `— (ours ${fmtMs(c.oursCpu)})` : '—';
    const target = c.baseline ? '' : c.absolute ? `≤ ${fmtMs(c.absolute.ms)}, ≤ ${c.absolute.rssMb} MB` : `≤ ${c.target}`;
    return [c.name, fmtMs(c.oursMedian), fmtMs(c.numpyMedian), c.ratio == null ? '—' : c.ratio.toFixed(2), target,
      cpu, c.identical == null ? '—' : c.identical ? 'yes' : 'NO', fmtMb(c.rssMb), verdict];
  });
  // What npyview adds to starting Node: a window export against bare `node -e 0` (issue 11).
  const bare = cases.find((c) => c.baseline)?.oursMedian;
  const windows = cases.filter((c) => c.big && c.oursMedian != null && !c.error).map((c) => c.oursMedian);
  if (bare != null && windows.length) {
    const extra = Math.max(...windows) - bare;
    rows.push([`start-up: slowest 50×16 window minus bare Node`, fmtMs(extra), '', '', `≤ ${STARTUP_TARGET_MS} ms`, '', '', '',
      extra <= STARTUP_TARGET_MS ? 'pass' : `FAIL (${overBy(extra, STARTUP_TARGET_MS)})`]);
  }
  for (const c of cases.filter((x) => x.cat && !x.error)) {
    const ratio = c.catMedian ? c.oursMedian / c.catMedian : null;
    const verdict = c.catError ? `cat failed: ${c.catError}` : ratio == null ? '—' : ratio <= c.cat.target ? 'pass' : `FAIL (${overBy(ratio, c.cat.target)})`;
    rows.push([`  the same vs \`cat FILE > /dev/null\` (warm cache)`, fmtMs(c.oursMedian), `cat ${fmtMs(c.catMedian)}`,
      ratio == null ? '—' : ratio.toFixed(2), `≤ ${c.cat.target}`, '', '', '', verdict]);
  }
  for (const c of cases.filter((x) => x.rssTarget && x.rssMb != null)) {
    rows.push([`  peak RSS of npyview, ${c.name.split(' (')[0]}`, fmtMb(c.rssMb), '', '', `≤ ${c.rssTarget} MB`, '', '', '',
      c.rssMb <= c.rssTarget ? 'pass' : `FAIL (${overBy(c.rssMb, c.rssTarget)})`]);
  }
  const bigRss = cases.filter((c) => c.big && c.rssMb != null).map((c) => c.rssMb);
  if (bigRss.length) {
    const peak = Math.max(...bigRss);
    rows.push(['peak RSS of npyview, 4 GiB case', fmtMb(peak), '', '', `≤ ${RSS_TARGET_MB} MB`, '', '', '',
      peak <= RSS_TARGET_MB ? 'pass' : `FAIL (${overBy(peak, RSS_TARGET_MB)})`]);
  }
  return rows;
}

// 'same bytes': for a case with its own check (diff), the same answer as NumPy's.
const HEADINGS = ['case', 'npyview', 'NumPy', 'ratio', 'target', 'CPU ratio (ours / NumPy)', 'same bytes', 'our peak RSS', 'result'];

function printTable(rows) {
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(HEADINGS));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

function printMarkdown(rows, m, opts) {
  console.log(`\nMeasured ${m.date} on ${m.cores} cores (${m.cpu}), Node ${m.node}, NumPy ${m.numpy}, `
    + `1-minute load average ${m.load} at the start and ${os.loadavg()[0].toFixed(1)} at the end; `
    + `median of ${opts.reps - 1} runs after a warm-up, whole process (wall time; CPU = user + sys), alternating with NumPy.\n`);
  console.log(`| ${HEADINGS.join(' | ')} |`);
  console.log(`|${HEADINGS.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  const npVersion = numpyVersion();
  const hasNumpy = npVersion != null;
  const m = machine(npVersion);
  console.log(`npyview benchmark — ${m.date}, ${m.cores} cores, ${m.cpu}, Node ${m.node}, NumPy ${m.numpy}, load average ${m.load}`);
  if (!hasNumpy) console.log('python3 with numpy is absent: printing npyview figures alone, no ratios.');
  if (process.env.NODE_EXTRA_CA_CERTS) {
    console.log('NODE_EXTRA_CA_CERTS is set here: npyview and bare Node run without it, as on a typical user\'s machine.');
  }

  if (opts.cli) CLI = opts.cli;
  else ensureCliBuilt();

  const dir = opts.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const cleanup = () => { if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true }); };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  try {
    let cases = defineCases(dir);
    if (opts.only) cases = cases.filter((c) => c.baseline || c.name.includes(opts.only));
    if (cases.some((c) => !c.baseline && !c.input)) makeInputs(dir, hasNumpy);
    if (cases.some((c) => c.input === 'stats')) makeStatsInput(dir, hasNumpy);
    if (cases.some((c) => c.input === 'field')) makeFieldInput(dir, hasNumpy);
    if (cases.some((c) => c.input === 'bignpz')) {
      if (hasNumpy) makeBigNpzInput(dir); else cases = cases.filter((c) => c.input !== 'bignpz');
    }
    console.log(`${cases.length} cases × ${opts.reps} reps (first one a warm-up), npyview and NumPy alternating`);
    await runCases(cases, opts, dir, hasNumpy);
    const rows = resultRows(cases, hasNumpy);
    console.log();
    printTable(rows);
    if (opts.markdown) printMarkdown(rows, m, opts);
    if (opts.viewer) {
      // Same inputs, already written.
      console.log('\nviewer benchmark: node test/bench/viewer.mjs');
      const r = spawnSync(process.execPath, [path.join(HERE, 'viewer.mjs'), '--keep', dir], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) process.exitCode = 1;
    }
  } finally {
    cleanup();
  }
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
