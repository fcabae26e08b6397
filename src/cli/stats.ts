/**
 * `npyview stats FILE [--member NAME] [--index EXPR] [--json]`: statistics of the array (or the
 * selection) in one streaming pass (compute/stats.ts). `--json` prints one object with exactly
 * the keys count, finite, nan, posinf, neginf, zeros, min, max, mean, std, argmin, argmax; a
 * mean or std past the float64 range is written `Infinity` / `NaN`, as Python's json module
 * writes and reads it (strict JSON has no such numbers).
 */
import { dtypeName } from '../npy/format/dtype';
import { computeStats, type Stats } from '../npy/compute/stats';
import { floatStr } from '../npy/text/scalarstr';
import type { CliArgs } from './args';
import { pickArray, select, withFile } from './commands';
import { printable } from './exit';
import { runner, type Context } from './run';
import { shapeText } from '../shared/format';
import { StdoutSink } from './output';

/** The keys of `--json`, in order (issue 13). */
export const STATS_KEYS = ['count', 'finite', 'nan', 'posinf', 'neginf', 'zeros', 'min', 'max', 'mean', 'std', 'argmin', 'argmax'] as const;

export async function runStats(args: CliArgs, ctx: Context): Promise<void> {
  const text = await withFile(args, async (f) => {
    const view = select(await pickArray(f, args, ctx), args.index);
    // Everything is read anyway: like np.load, refuse a stored member whose CRC is wrong
    // (a deflated member is checked as it inflates).
    if (f.kind === 'npz' && args.index === undefined) await f.npz.verifyStored(ctx.member!);
    const progress = terminalProgress();
    let stats: Stats;
    try {
      // The CLI may block: its own thread reads and sums chunks too (statsfile.ts).
      stats = await computeStats(view, { onProgress: progress.update, inline: true });
    } finally {
      progress.done();
    }
    if (args.json) return statsJson(stats);
    const what = [printable(args.file), ctx.member !== undefined ? `member '${printable(ctx.member)}'` : '',
      args.index !== undefined ? `[${printable(args.index)}]` : ''].filter(Boolean).join(' ');
    return `${what}: ${dtypeName(view.dtype)}, shape ${shapeText(view.shape)}\n${statsTable(stats)}`;
  });
  await new StdoutSink().write(new TextEncoder().encode(text));
}

/** The `--json` object: the keys only, numbers in full float64 precision. */
export function statsJson(s: Stats): string {
  const out: Record<string, unknown> = {};
  for (const k of STATS_KEYS) out[k] = s[k];
  // JSON.stringify writes non-finite numbers as null; mark them and write Python's spelling.
  const mark = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v);
  const text = JSON.stringify(out, mark, 2)
    .replace(/"\\u0000(Infinity|-Infinity|NaN)"/g, '$1')
    .replace(/\[\s*\n([^[\]{}]*?)\n\s*\]/g, (_m, inner: string) => '[' + inner.split(/,\s*\n\s*/).map((x) => x.trim()).join(', ') + ']');
  return text + '\n';
}

/** The readable table: one aligned line per figure, where the min and max first occur. */
export function statsTable(s: Stats): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const real = (x: number | null) => (x === null ? '(none)' : floatStr(x, 64));
  const width = Math.max(s.min?.length ?? 0, s.max?.length ?? 0);
  const at = (v: string | null, idx: number[] | null) => (v === null ? '(none)' : `${v.padEnd(width)}  at [${idx!.join(', ')}]`);
  const rows: [string, string][] = [
    ['count', count(s.count)], ['finite', count(s.finite)], ['nan', count(s.nan)], ['+inf', count(s.posinf)],
    ['-inf', count(s.neginf)], ['zeros', count(s.zeros)], ['min', at(s.min, s.argmin)], ['max', at(s.max, s.argmax)],
    ['mean', real(s.mean)], ['std', real(s.std)],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(8)}${v}\n`).join('');
}

/**
 * "reading 42%" on stderr while a long pass runs, when stderr is a terminal (never in pipes or
 * files); shown after a second, erased at the end.
 */
function terminalProgress(): { update(done: number, total: number): void; done(): void } {
  // process.stderr is first looked at after that second: making it (its stream classes) costs a
  // few ms of start-up, which a short run does not need.
  const start = Date.now();
  let last = 0;
  let shown = false;
  let tty: boolean | undefined;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - start < 1000 || now - last < 200 || total === 0 || !(tty ??= process.stderr.isTTY)) return;
      last = now;
      shown = true;
      process.stderr.write(`\rnpyview: reading ${Math.floor((100 * done) / total)}%`);
    },
    done() { if (shown) process.stderr.write('\r\x1b[K'); },
  };
}

/** stats, for the entry's COMMANDS table (src/cli.ts). */
export const run = runner({ stats: runStats });
