/**
 * `npyview diff A B [--member NAME] [--rtol R] [--atol T] [--json]`: are two arrays (or two
 * archives) the same? Exit status like diff/cmp: 0 same, 1 different, 2 trouble (bad usage, a
 * file or member that cannot be read) — unlike the other commands, where 1 is a bad file.
 * The comparison is the engine's (src/npy/compute/diff); values are shown as the grid shows
 * them (default settings).
 */
import {
  compareFiles, DEFAULT_TOLERANCE, type CellText, type DiffResult, type DiffSide, type ElementPair, type PairDiff,
} from '../npy/compute/diff';
import { openFile } from '../npy/format/open';
import { floatStr } from '../npy/text/scalarstr';
import { makeCellFormatter } from '../viewer/display';
import { DEFAULT_FORMAT, shapeText } from '../shared/format';
import type { CliArgs } from './args';
import { json } from './commands';
import { EXIT_USAGE, printable } from './exit';
import { StdoutSink } from './output';
import { runner, type Context } from './run';

export const EXIT_SAME = 0;
export const EXIT_DIFFERENT = 1;

/** The grid's cell text with default settings: what a user sees in the viewer. */
const gridText: CellText = (dt) => {
  const format = makeCellFormatter(dt, DEFAULT_FORMAT);
  return (bytes, offset) => format(bytes, offset).text;
};

export async function runDiff(args: CliArgs, ctx: Context): Promise<number> {
  const rtol = args.rtol ?? DEFAULT_TOLERANCE.rtol;
  const atol = args.atol ?? DEFAULT_TOLERANCE.atol;
  const fileB = args.file2!;
  const sides: DiffSide[] = [];
  try {
    for (const file of [args.file, fileB]) {
      ctx.file = file;
      sides.push({ file: await openFile(file), label: file });
    }
    ctx.file = undefined;
    let result: DiffResult;
    try {
      result = await compareFiles(sides[0], sides[1], { rtol, atol, member: args.member, cellText: gridText });
    } catch (e) {
      // Name the file the message is about (engine messages start with its label).
      const msg = e instanceof Error ? e.message : '';
      ctx.file = msg.startsWith(`${fileB}: `) || (!msg.startsWith(`${args.file}: `) && msg.includes(fileB)) ? fileB : args.file;
      throw e;
    }
    const text = args.json ? json(jsonOf(result)) : report(args.file, fileB, result);
    await new StdoutSink().write(new TextEncoder().encode(text));
    return result.same ? EXIT_SAME : EXIT_DIFFERENT;
  } finally {
    for (const s of sides) await s.file.close();
  }
}

/** The --json object: the issue's keys (plus `reason` on pairs that were not compared). */
function jsonOf(r: DiffResult): unknown {
  return {
    same: r.same,
    pairs: r.pairs.map((p) => ({
      name: p.name, shape: p.shape, dtype: p.dtype, compared: p.compared, mismatches: p.mismatches,
      max_abs: p.max_abs, max_rel: p.max_rel, first: p.first,
      ...(p.reason !== null ? { reason: p.reason } : {}),
    })),
    only_in_a: r.only_in_a,
    only_in_b: r.only_in_b,
  };
}

const count = (n: number): string => n.toLocaleString('en-US');
const num = (x: number): string => floatStr(x, 64);

function at(e: ElementPair): string {
  return `[${e.index.join(', ')}]`;
}

/** The readable report: verdict, then per pair its counts, worst element and first mismatches. */
export function report(fileA: string, fileB: string, r: DiffResult): string {
  const lines = [`${printable(fileA)} vs ${printable(fileB)}: ${r.same ? 'same' : 'differ'} (rtol=${num(r.rtol)}, atol=${num(r.atol)})`];
  const several = r.pairs.length > 1 || r.only_in_a.length > 0 || r.only_in_b.length > 0 || (r.pairs.length === 1 && r.pairs[0].name !== '');
  for (const p of r.pairs) lines.push(...pairLines(p, several ? '  ' : ''));
  if (r.pairs.length === 0 && r.only_in_a.length === 0 && r.only_in_b.length === 0) lines.push('  no arrays on either side');
  const names = (xs: string[]) => xs.map((n) => printable(`'${n}'`)).join(', ');
  if (r.only_in_a.length) lines.push(`  only in ${printable(fileA)}: ${names(r.only_in_a)}`);
  if (r.only_in_b.length) lines.push(`  only in ${printable(fileB)}: ${names(r.only_in_b)}`);
  return lines.join('\n') + '\n';
}

function pairLines(p: PairDiff, indent: string): string[] {
  const out: string[] = [];
  const ind = indent + '  ';
  const head = indent ? `${indent}member ${printable(`'${p.name}'`)}: ` : '  ';
  const shapes = p.shape.map((s) => (s ? shapeText(s) : 'not an array'));
  const dtypes = p.dtype.map((d) => (d === null ? '' : d.length > 60 ? d.slice(0, 60) + '…' : d));
  const pairOf = (xs: string[], label: string) => (xs[0] === xs[1] ? `${label} ${xs[0]}` : `${label} ${xs[0]} vs ${xs[1]}`);
  const what = `${pairOf(shapes, 'shape')}, ${printable(pairOf(dtypes, 'dtype'))}`;
  if (p.reason !== null) {
    out.push(`${head}${p.same ? 'same' : 'differ'}: ${printable(p.reason)}`);
    if (p.shape[0] && p.shape[1]) out.push(`${ind}${what}`);
    return out;
  }
  const verdict = p.mismatches === 0
    ? `same: ${p.compared === 1 ? 'the element matches' : `all ${count(p.compared)} elements match`}`
    : `${count(p.mismatches)} of ${count(p.compared)} element${p.compared === 1 ? '' : 's'} differ`;
  out.push(`${head}${verdict}`);
  out.push(`${ind}${what}`);
  if (p.worst && p.max_abs !== null && p.max_abs > 0) {
    const rel = p.max_rel === null ? '' : `; max |a-b|/|b| = ${num(p.max_rel)}`;
    out.push(`${ind}max |a-b| = ${num(p.max_abs)} at ${at(p.worst)} (a = ${printable(p.worst.a)}, b = ${printable(p.worst.b)})${rel}`);
  }
  if (p.first.length) {
    const more = p.mismatches > p.first.length ? ` (first ${p.first.length} of ${count(p.mismatches)})` : '';
    out.push(`${ind}mismatches${more}:`);
    const w = Math.max(...p.first.map((e) => at(e).length));
    // Values are the grid's text (controls already escaped); printable also stops bidi overrides.
    for (const e of p.first) out.push(`${ind}  ${at(e).padEnd(w)}  a = ${printable(e.a)}  b = ${printable(e.b)}`);
  }
  return out;
}

/** diff follows diff/cmp: 1 means "different", so every failure is 2. */
export const run = runner({ diff: runDiff }, () => EXIT_USAGE);
