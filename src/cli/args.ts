/**
 * Command-line parsing for `npyview`. Pure (no I/O) so it can be tested directly.
 * Option values are taken literally: the next argument is the value even when it starts with
 * '-' (an index like `-1` or a delimiter like `--` must work). The one exception is --delimiter
 * and --newline, which take the backslash escapes Python users type (`'\t'`, `'\r\n'`): see
 * unescapeSeparator.
 */
import { RAW_OPTIONS, RAW_VALUE_OPTS, RawKey } from './rawargs';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command = 'info' | 'export' | 'save' | 'stats' | 'render' | 'diff';

export interface CliArgs {
  command: Command | 'help' | 'version';
  file: string;
  json: boolean;
  member?: string;
  index?: string;
  /** Every --fmt in order: one = a single format (may hold several %), more = per column. */
  fmt: string[];
  delimiter?: string;
  newline?: string;
  header?: string;
  footer?: string;
  comments?: string;
  output?: string;
  /** Raw binary: --dtype, --shape, --offset, --order (see rawargs.ts). */
  dtype?: string;
  shape?: string;
  offset?: string;
  order?: string;
  /** render: taken as text here, checked by src/cli/render.ts. */
  colormap?: string;
  scale?: string;
  domain?: string;
  maxSize?: string;
  linthresh?: string;
  complex?: string;
  rgb?: boolean;
  /** diff: the second file, and the tolerances. */
  file2?: string;
  rtol?: number;
  atol?: number;
}

type ValueKey = 'member' | 'index' | 'delimiter' | 'newline' | 'header' | 'footer' | 'comments' | 'output' | RawKey
  | 'colormap' | 'scale' | 'domain' | 'maxSize' | 'linthresh' | 'complex';

/** Which options each command accepts (anything else is a usage error, not silently ignored). */
const ALLOWED: Record<Command, ReadonlySet<string>> = {
  info: new Set(['--json', '--member', ...RAW_OPTIONS]),
  export: new Set(['--member', '--index', '--fmt', '--delimiter', '--newline', '--header', '--footer',
    '--comments', '-o', ...RAW_OPTIONS]),
  save: new Set(['--member', '--index', '-o', ...RAW_OPTIONS]),
  stats: new Set(['--member', '--index', '--json', ...RAW_OPTIONS]),
  render: new Set(['--member', '--index', '--colormap', '--scale', '--domain', '--max-size', '--linthresh', '--complex',
    '--rgb', '-o', ...RAW_OPTIONS]),
  diff: new Set(['--json', '--member', '--rtol', '--atol']),
};

const VALUE_OPTS: Record<string, ValueKey | 'fmt' | 'rtol' | 'atol'> = {
  '--member': 'member', '--index': 'index', '--fmt': 'fmt', '--delimiter': 'delimiter',
  '--newline': 'newline', '--header': 'header', '--footer': 'footer', '--comments': 'comments',
  '-o': 'output', '--output': 'output', ...RAW_VALUE_OPTS,
  '--colormap': 'colormap', '--scale': 'scale', '--domain': 'domain', '--max-size': 'maxSize', '--linthresh': 'linthresh',
  '--complex': 'complex',
  '--rtol': 'rtol', '--atol': 'atol',
};

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: 'help', file: '', json: false, fmt: [] };

  const positional: string[] = [];
  const seen = new Set<string>();
  let command: Command | undefined;
  let onlyPositional = false;

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPositional || a === '-' || !a.startsWith('-')) {
      if (command === undefined) command = toCommand(a);
      else positional.push(a);
      continue;
    }
    if (a === '--') { onlyPositional = true; continue; }
    // Checked here, not by scanning argv, so `--header -h` is a header and not a help request.
    if (a === '--help' || a === '-h') return { ...args, command: 'help' };
    if (a === '--version') return { ...args, command: 'version' };

    // --opt=value (long options only; '-o=x' is not a form anyone expects)
    let name = a;
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 2) { name = a.slice(0, eq); inline = a.slice(eq + 1); }
    const canonical = name === '--output' ? '-o' : name;

    if (canonical === '--json') {
      if (inline !== undefined) throw new UsageError('--json takes no value');
      checkAllowed(command, canonical);
      args.json = true;
      continue;
    }
    if (canonical === '--rgb') {
      if (inline !== undefined) throw new UsageError('--rgb takes no value');
      checkAllowed(command, canonical);
      args.rgb = true;
      continue;
    }
    const key = VALUE_OPTS[name];
    if (key === undefined) throw new UsageError(`unknown option ${name}`);
    checkAllowed(command, canonical);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      value = argv[++i];
    }
    if (key === 'fmt') { args.fmt.push(value); continue; }
    if (seen.has(canonical)) throw new UsageError(`${name} given more than once`);
    seen.add(canonical);
    if (key === 'rtol' || key === 'atol') args[key] = parseFloatArg(name, value);
    else args[key] = key === 'delimiter' || key === 'newline' ? unescapeSeparator(value) : value;
  }

  if (command === undefined) throw new UsageError('missing command (info, export, save, stats, render or diff)');
  if (command === 'diff') {
    if (positional.length < 2) throw new UsageError(`diff: missing ${positional.length === 0 ? 'files A and B' : 'file B'}`);
    if (positional[1] === '') throw new UsageError('diff: B is empty');
    args.file2 = positional[1];
    positional.splice(1, 1);
  }
  if (positional.length === 0) throw new UsageError(`${command}: missing FILE`);
  if (positional.length > 1) throw new UsageError(`${command}: unexpected argument '${positional[1]}'`);
  if (positional[0] === '') throw new UsageError(`${command}: FILE is empty`);
  args.command = command;
  args.file = positional[0];
  if (command === 'save' && args.output === undefined) throw new UsageError('save: missing -o OUT.npy');
  if (command === 'render' && args.output === undefined) throw new UsageError('render: missing -o OUT.png');
  if (args.output === '') throw new UsageError('-o: empty file name');
  return args;
}

/**
 * A number as Python's float() reads it: decimal or exponent notation (1_000 too), inf, nan;
 * with `finite`, only a finite one.
 */
export function parseFloatArg(option: string, text: string, finite = false): number {
  const t = text.trim().replace(/(?<=\d)_(?=\d)/g, '');
  const word = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t)
    : word ? (word[2].toLowerCase() === 'nan' ? NaN : word[1] === '-' ? -Infinity : Infinity) : undefined;
  if (v === undefined || (finite && !Number.isFinite(v))) throw new UsageError(`${option}: '${text}' is not a ${finite ? 'finite ' : ''}number`);
  return v;
}

const SEPARATOR_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };

/**
 * --delimiter and --newline as a Python user types them: np.savetxt(f, a, delimiter='\t') has a
 * tab, and the shell's `--delimiter '\t'` passes the two characters backslash and t. So `\t`,
 * `\n`, `\r` and `\\` become a tab, a line feed, a carriage return and one backslash; any other
 * backslash stays as it is (as Python keeps '\q'), and a real tab is a tab as before.
 */
export function unescapeSeparator(value: string): string {
  return value.replace(/\\([tnr\\])/g, (_m, c: string) => SEPARATOR_ESCAPES[c]);
}

function toCommand(word: string): Command {
  if (word === 'info' || word === 'export' || word === 'save' || word === 'stats' || word === 'render' || word === 'diff') return word;
  throw new UsageError(`unknown command '${word}' (expected info, export, save, stats, render or diff)`);
}

function checkAllowed(command: Command | undefined, option: string): void {
  // Options before the command are allowed syntactically, but we need the command to judge them.
  if (command === undefined) throw new UsageError(`${option} must come after the command`);
  if (!ALLOWED[command].has(option)) throw new UsageError(`${command} does not take ${option}`);
}

export const HELP = `npyview — inspect and export NumPy .npy / .npz files, .safetensors tensors and raw binary

Usage:
  npyview info   FILE [--json] [--member NAME]
  npyview export FILE [--member NAME] [--index EXPR] [--fmt FMT]... [--delimiter D]
                 [--newline NL] [--header TEXT] [--footer TEXT] [--comments PREFIX] [-o OUT]
  npyview save   FILE [--member NAME] [--index EXPR] -o OUT.npy
  npyview stats  FILE [--member NAME] [--index EXPR] [--json]
  npyview render FILE [--member NAME] [--index EXPR] [--colormap NAME] [--scale SCALE]
                 [--domain LO,HI] [--max-size PIXELS] [--rgb] -o OUT.png
  npyview diff   A B [--member NAME] [--rtol R] [--atol T] [--json]
  (all but diff also take --dtype D [--shape A,B,...] [--offset N] [--order C|F] to read raw binary)
  npyview --help | --version

Commands:
  info     Describe the array (or every member of an .npz, every tensor of a .safetensors
           file or sharded checkpoint index): dtype, shape, order, where the data is.
  export   Write the array, or a selection of it, as text exactly like
           numpy.savetxt(OUT, arr[EXPR], fmt, delimiter, newline, header, footer, comments,
           encoding='utf-8'). Without -o (or with -o -) the text goes to stdout.
           A 0-d array (or a selection of one element by integers) is written as
           numpy.savetxt of numpy.atleast_1d(arr) would: its one value, on one line
           (numpy.savetxt itself refuses 0-d arrays).
  save     Extract an .npz member to a standalone .npy (byte-identical to what NumPy stored),
           or write a selection (--index) as a new .npy. OUT gets .npy bytes whatever its
           name: a text name (.txt, .csv, .tsv) is refused (use export), another name that
           does not end in .npy gets a warning on stderr.
  stats    Statistics of the array or selection in one pass: counts of finite, NaN, +inf, -inf
           and zero values; min and max (NumPy's str() of the value, and where it first occurs);
           mean and std (ddof=0) of the finite values in float64. Bool, integer and float arrays.
  render   Draw a 2-D selection as a PNG heatmap: one pixel per element (row 0 at the top) when
           it fits in --max-size, else downsampled ×k without reading the whole array. NaN, +Inf
           and -Inf get colours of their own. With --rgb, an H×W×3 or H×W×4 selection (uint8,
           or floats in [0, 1]) is drawn as the image itself.
  diff     Compare two .npy/.npz files element by element: numbers as
           np.isclose(a, b, rtol, atol, equal_nan=True), other dtypes by equality; two .npz
           compare every member they share (by name). Exit status 0 same, 1 different,
           2 bad usage or a file that cannot be read.

Options:
  --member NAME     .npz member, with or without '.npy', or .safetensors tensor (needed
                    when the file has more than one array)
  --index EXPR      NumPy basic indexing, e.g. '3', '1:9:3', '::-2', ':,2,:', '...,-1'
  --fmt FMT         printf-style format (default '%.18e'); give it once per column for a list
  --delimiter D     column separator (default ' '); '\\t' is a tab, as in Python
  --newline NL      line ending (default '\\n'); '\\n', '\\r\\n', '\\r' as in Python
  --header TEXT     text written first, each line prefixed by the comments prefix
  --footer TEXT     text written last, likewise
  --comments P      comments prefix (default '# ')
  -o OUT            output file (written to a temporary file, renamed when complete);
                    a directory is refused before any work
  --rtol R, --atol T  (diff) tolerances (defaults 1e-05 and 1e-08, as np.isclose)
  --json            (info, stats, diff) machine-readable output
  --dtype D         read FILE as raw binary of this dtype ('<f4', '>i8', 'float32', 'uint8', ...):
                    np.fromfile(FILE, D, offset=N).reshape(SHAPE, order=O)
  --shape A,B,...   its shape; one dimension may be -1 (default: 1-D, -1)
  --offset N        bytes to skip at the start (default 0)
  --order C|F       C (row-major, default) or F (column-major)
  --colormap NAME   (render) viridis (default), plasma, inferno, magma, cividis, gray, hot, turbo,
                    jet, RdBu, coolwarm, twilight, twilight_shifted, hsv; NAME_r inverts
  --scale SCALE     (render) linear (default), log, symlog or sqrt
  --domain LO,HI    (render) values drawn from the colormap's low to high end, the rest clipped;
                    either side may be empty (automatic); default: the finite min and max;
                    'robust': the 1st and 99th percentiles
  --linthresh X     (render) symlog's linear range -X..X (default 1)
  --max-size N      (render) most pixels across and down (default 4096)
  --complex PART    (render) complex values as magnitude (default), phase, real or imag
  --rgb             (render) draw an H×W×3/4 selection as RGB(A) pixels

Values are taken literally, except that --delimiter and --newline understand the escapes
\\t, \\n, \\r and \\\\ (tab, line feed, carriage return, backslash) as Python strings do, so
--delimiter '\\t' writes tabs. '--opt=value' works too.
Exit status: 0 success, 1 bad or unsupported file, 2 bad usage (diff: see above).
`;
