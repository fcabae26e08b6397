/** The three commands. Each returns normally on success and throws NpyError / UsageError on failure. */
import { ArrayView, NpyArray } from '../npy/format/array';
import { NpyError } from '../npy/errors';
import { writeNpy } from '../npy/format/npywrite';
import { NpzFile } from '../npy/format/npz/npz';
import { openAnyFile, OpenedAny } from '../npy/format/open';
import type { ArrayContainer } from '../npy/format/container';
import { SAVETXT_DEFAULTS, savetxt, SavetxtOptions } from '../npy/text/savetxt';
import { CliArgs, UsageError } from './args';
import { arrayBlock, arrayJson, memberJson, npyText, npzText } from './info';
import { printable, printError } from './exit';
import { describeArray, describeMember } from '../viewer/describe';
import { shapeText } from '../shared/format';
import { StdoutSink, checkOutput, toOutput } from './output';
import { rawLayoutOf } from './rawargs';
import { containerJson, containerText, rawJson, rawText, tensorInfo, tensorText } from './tensorinfo';
import { Context, runner } from './run';


const encoder = new TextEncoder();

export async function withFile<T>(args: CliArgs, fn: (f: OpenedAny) => Promise<T>): Promise<T> {
  const opened = await openAnyFile(args.file, { raw: rawLayoutOf(args) });
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

export async function runInfo(args: CliArgs, ctx: Context): Promise<void> {
  const text = await withFile(args, async (f) => {
    if (f.kind === 'safetensors') {
      const c = f.container;
      if (args.member === undefined) return args.json ? json(await containerJson(c)) : containerText(args.file, c);
      ctx.member = args.member;
      const m = c.member(args.member);
      return args.json ? json({ format: 'safetensors', tensor: await tensorInfo(c, m) }) : tensorText(args.file, c, m);
    }
    if (f.kind === 'npy') {
      if (args.member !== undefined) throw new UsageError(`--member is for files of several arrays, and ${args.file} is a single array`);
      const h = f.array.header;
      if (h.version === 'raw') return args.json ? json(rawJson(f.array, f.source.size)) : rawText(args.file, f.array, f.source.size);
      return args.json ? json({ format: 'npy', ...arrayJson(describeArray(h)) }) : npyText(args.file, h);
    }
    if (args.member !== undefined) {
      ctx.member = args.member;
      const m = f.npz.member(args.member);
      const d = await describeMember(f.npz, m);
      if (d.error !== undefined) throw new NpyError('format', d.error);
      if (args.json) return json({ format: 'npz', member: d.name, ...memberJson(d) });
      const head = `${args.file}: member ${JSON.stringify(m.name)} (${printable(m.zipName)})`;
      return d.info ? arrayBlock(head, d.info) : `${head}: not an array\n`;
    }
    if (!args.json) return npzText(args.file, f.npz);
    const members = [];
    for (const m of f.npz.members) members.push(memberJson(await describeMember(f.npz, m)));
    return json({ format: 'npz', members });
  });
  await new StdoutSink().write(encoder.encode(text));
}

/** Indented JSON, but arrays of plain values (shapes) stay on one line: easier to read and grep. */
export function json(v: unknown): string {
  // Dimensions past 2**53 are bigints (exact digits): written as JSON numbers.
  const big = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? `\u0000big:${x}` : x);
  const text = JSON.stringify(v, big, 2).replace(/"\\u0000big:(\d+)"/g, '$1').replace(/\[\s*\n([^\[\]{}]*?)\n\s*\]/g,
    (_m, inner: string) => '[' + inner.split(/,\s*\n\s*/).map((x) => x.trim()).join(', ') + ']');
  return text + '\n';
}

/** The array to work on: the .npy itself, or the chosen (or only) array member of an .npz. */
export async function pickArray(f: OpenedAny, args: CliArgs, ctx: Context): Promise<NpyArray> {
  if (f.kind === 'npy') {
    if (args.member !== undefined) throw new UsageError(`--member is for files of several arrays, and ${args.file} is a single array`);
    return f.array;
  }
  const c: ArrayContainer = f.kind === 'npz' ? f.npz : f.container;
  const name = args.member ?? onlyArrayMember(c);
  ctx.member = name;
  return c.openArray(name, { verify: true });
}

function onlyArrayMember(c: ArrayContainer): string {
  const arrays = c.members.filter((m) => m.isArray);
  const what = c instanceof NpzFile ? 'archive' : 'file';
  if (arrays.length === 1) return arrays[0].name;
  if (arrays.length === 0) throw new NpyError('format', c instanceof NpzFile ? 'the archive holds no .npy arrays' : 'the file holds no readable tensors');
  const names = arrays.slice(0, 10).map((m) => m.name).join(', ');
  throw new UsageError(`the ${what} holds ${arrays.length} arrays (${names}${arrays.length > 10 ? ', …' : ''}); choose one with --member NAME`);
}

export function select(array: NpyArray, index: string | undefined): ArrayView {
  const view = array.view();
  return index === undefined ? view : view.index(index);
}

export function savetxtOptions(args: CliArgs): SavetxtOptions {
  const d = SAVETXT_DEFAULTS;
  return {
    fmt: args.fmt.length === 0 ? d.fmt : args.fmt.length === 1 ? args.fmt[0] : [...args.fmt],
    delimiter: args.delimiter ?? d.delimiter,
    newline: args.newline ?? d.newline,
    header: args.header ?? d.header,
    footer: args.footer ?? d.footer,
    comments: args.comments ?? d.comments,
  };
}

export async function runExport(args: CliArgs, ctx: Context): Promise<void> {
  const opts = savetxtOptions(args);
  await checkOutput(args.output, args.file);
  await withFile(args, async (f) => {
    const view = select(await pickArray(f, args, ctx), args.index);
    // The whole member is read anyway: like np.load, refuse it if its CRC is wrong (a deflated
    // member is checked as it inflates; a stored one here, before any output).
    if (f.kind === 'npz' && args.index === undefined) await f.npz.verifyStored(ctx.member!);
    if (view.shape.length > 2) {
      // Checked before any output exists, so -o leaves nothing behind.
      throw new UsageError(`cannot export a ${view.shape.length}-D selection as text (shape ${shapeText(view.shape)}): ` +
        'np.savetxt writes 1-D or 2-D arrays; select fewer dimensions with --index, e.g. --index 0');
    }
    await toOutput(args.output, args.file, (sink) => savetxt(view, opts, sink));
  });
}

/** Names under which a user expects text: save refuses them (export writes text). */
const TEXT_NAME = /\.(txt|csv|tsv|text)$/i;

export async function runSave(args: CliArgs, ctx: Context): Promise<void> {
  const out = args.output!;
  if (TEXT_NAME.test(out)) {
    throw new UsageError(`save writes .npy bytes, not text, and -o ${out} names a text file; ` +
      'to write text use npyview export (same FILE, --member and --index)');
  }
  await checkOutput(out, args.file);
  await saveTo(args, ctx);
  // After the work, so that a failure still prints one line only.
  if (out !== '-' && !/\.npy$/i.test(out)) printError(`warning: wrote .npy bytes to ${out}, whose name does not end in .npy`);
}

async function saveTo(args: CliArgs, ctx: Context): Promise<void> {
  await withFile(args, async (f) => {
    if (f.kind === 'npz' && args.index === undefined) {
      // Whole member: NumPy's exact bytes, not a re-encoding.
      const name = args.member ?? onlyArrayMember(f.npz);
      ctx.member = name;
      const d = await describeMember(f.npz, f.npz.member(name));
      if (d.error !== undefined) throw new NpyError('format', d.error);
      if (!d.isArray) throw new NpyError('unsupported', `member '${d.name}' (${d.zipName}) is not a .npy array`);
      await toOutput(args.output, args.file, (sink) => f.npz.copyMember(name, sink));
      return;
    }
    const view = select(await pickArray(f, args, ctx), args.index);
    await toOutput(args.output, args.file, (sink) => writeNpy(view, sink));
  });
}

/** info, export and save, for the entry's COMMANDS table (src/cli.ts). */
export const run = runner({ info: runInfo, export: runExport, save: runSave });
