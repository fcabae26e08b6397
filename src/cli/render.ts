/**
 * `npyview render`: a 2-D selection as a PNG heatmap (or, with --rgb, an H×W×3/4 selection as the
 * image itself), drawn by the engine's heatmap grid (src/npy/compute/heatmap.ts) with the shared
 * colormaps and scales (src/shared/), so the CLI draws exactly what the viewer draws.
 *
 * - One pixel per element when the selection fits in --max-size × --max-size, else downsampled by
 *   the smallest whole factor k that fits (block means up to 64 MiB of data, every k-th row and
 *   column beyond), never reading the whole of a big array.
 * - The domain is the drawn values' finite min/max (or 1st/99th percentiles with 'robust', or
 *   what --domain says); values outside it are clipped to the colormap's ends; NaN, +Inf and −Inf
 *   get the colormap's own colours for them.
 * - --rgb: uint8 values are the pixels exactly; floats are clipped to [0, 1] and scaled as
 *   matplotlib does for images, (v·255) truncated in the float's own width; NaN is 0 (the rule
 *   the viewer's Image view shares: src/shared/draw/image.ts).
 * - The PNG is a palette image when at most 256 colours occur (the usual case), else RGB; iTXt
 *   chunks record what was drawn (Comment: colormap, scale, domain, downsampling).
 */
import * as path from 'path';
import type { ArrayView } from '../npy/format/array';
import { dtypeName } from '../npy/format/dtype';
import { writePng, type PngHeader } from '../npy/format/png';
import { nodeZlib } from '../npy/io/nodezlib';
import { NpyError } from '../npy/errors';
import { heatmapGrid, type Grid } from '../npy/compute/heatmap';
import { checkDrawable, COMPLEX_PARTS, type ComplexPart } from '../npy/compute/values';
import { COLORMAP_NAMES, findColormap, paletteOf, type Colormap } from '../shared/draw/colormaps';
import { pixelBytes, pixelKind, type PixelKind } from '../shared/draw/image';
import { paletteIndices } from '../shared/draw/paint';
import {
  autoDomain, DEFAULT_LINTHRESH, domainError, makeNormalizer, SCALE_KINDS, type Domain, type DomainMode, type Normalizer,
  type ScaleKind, type ScaleSpec,
} from '../shared/draw/scales';
import { parseFloatArg, type CliArgs, UsageError } from './args';
import { pickArray, select, withFile } from './commands';
import { checkOutput, toOutput } from './output';
import { runner, type Context } from './run';
import { shapeText } from '../shared/format';

export const DEFAULT_MAX_SIZE = 4096;
/** Largest --max-size: a 16384² float64 grid is already 2 GiB of memory. */
export const MAX_MAX_SIZE = 16384;

/** The options of one render, checked. */
export interface RenderOptions {
  colormap: Colormap;
  scale: ScaleKind;
  linthresh: number;
  /** Explicit ends (either may be missing: automatic), or an automatic mode. */
  domain: { low?: number; high?: number; mode: DomainMode };
  maxSize: number;
  rgb: boolean;
  part?: ComplexPart;
}

/** Checks the render options (usage errors, exit 2), before any file is read. */
export function renderOptions(args: CliArgs): RenderOptions {
  if (args.rgb) {
    for (const [opt, v] of [['--colormap', args.colormap], ['--scale', args.scale], ['--domain', args.domain],
      ['--linthresh', args.linthresh], ['--complex', args.complex]] as const) {
      if (v !== undefined) throw new UsageError(`render --rgb draws the values as they are and does not take ${opt}`);
    }
  }
  const colormap = findColormap(args.colormap ?? 'viridis');
  if (!colormap) throw new UsageError(`--colormap: unknown colormap '${args.colormap}' (known: ${COLORMAP_NAMES.join(', ')}; add _r to invert)`);
  const scale = (args.scale ?? 'linear') as ScaleKind;
  if (!SCALE_KINDS.includes(scale)) throw new UsageError(`--scale: unknown scale '${args.scale}' (expected ${SCALE_KINDS.join(', ')})`);
  if (args.linthresh !== undefined && scale !== 'symlog') throw new UsageError('--linthresh is for --scale symlog');
  const linthresh = args.linthresh === undefined ? DEFAULT_LINTHRESH : parseFloatArg('--linthresh', args.linthresh, true);
  if (!(linthresh > 0)) throw new UsageError(`--linthresh: must be positive (got ${args.linthresh})`);
  let maxSize = DEFAULT_MAX_SIZE;
  if (args.maxSize !== undefined) {
    maxSize = /^\s*\d+\s*$/.test(args.maxSize) ? Number(args.maxSize) : NaN;
    if (!(maxSize >= 1 && maxSize <= MAX_MAX_SIZE)) throw new UsageError(`--max-size: expected a whole number from 1 to ${MAX_MAX_SIZE} (got '${args.maxSize}')`);
  }
  const part = args.complex as ComplexPart | undefined;
  if (part !== undefined && !COMPLEX_PARTS.includes(part)) {
    throw new UsageError(`--complex: unknown part '${args.complex}' (expected ${COMPLEX_PARTS.join(', ')})`);
  }
  return { colormap, scale, linthresh, domain: parseDomain(args.domain, scale), maxSize, rgb: args.rgb === true, part };
}

function parseDomain(text: string | undefined, kind: ScaleKind): RenderOptions['domain'] {
  if (text === undefined || text === 'auto' || text === 'minmax') return { mode: 'minmax' };
  if (text === 'robust') return { mode: 'robust' };
  const parts = text.split(',');
  if (parts.length !== 2) throw new UsageError(`--domain: expected LO,HI (either may be empty), 'robust' or 'auto' (got '${text}')`);
  const [low, high] = parts.map((p) => (p.trim() === '' ? undefined : parseFloatArg('--domain', p, true)));
  if (low !== undefined && high !== undefined && low >= high) throw new UsageError(`--domain: LO must be below HI (got ${low}, ${high})`);
  if (kind === 'log' && low !== undefined && low <= 0) throw new UsageError(`--domain: a log scale needs a positive LO (got ${low})`);
  if (kind === 'log' && high !== undefined && high <= 0) throw new UsageError(`--domain: a log scale needs a positive HI (got ${high})`);
  return { low, high, mode: 'minmax' };
}

/**
 * The domain actually drawn: the explicit ends, the others from the drawn values. Undefined when
 * there is nothing finite to draw (every pixel then has a special colour).
 */
export function resolveDomain(values: ArrayLike<number>, o: RenderOptions): Domain | undefined {
  const { low, high, mode } = o.domain;
  if (low !== undefined && high !== undefined) return { low, high };
  const auto = autoDomain(values, o.scale, mode);
  if (!auto) {
    if (o.scale === 'log') throw new NpyError('unsupported', 'log scale: the selection has no positive value to draw (try --scale symlog)');
    const given = low ?? high;
    return given === undefined ? undefined : { low: given, high: given };
  }
  const d = { low: low ?? auto.low, high: high ?? auto.high };
  if (d.low >= d.high && (low !== undefined || high !== undefined)) {
    throw new NpyError('usage', low !== undefined
      ? `--domain: LO ${low} is not below the largest value drawn (${auto.high})`
      : `--domain: HI ${high} is not above the smallest value drawn (${auto.low})`);
  }
  return d;
}

function checkShape(view: ArrayView, o: RenderOptions): void {
  checkDrawable(view.dtype);
  if (o.rgb) {
    const ok = view.ndim === 3 && (view.shape[2] === 3 || view.shape[2] === 4);
    if (!ok) {
      throw new UsageError(`render --rgb needs an H×W×3 or H×W×4 selection, and this one is ${view.ndim}-D with shape ` +
        `${shapeText(view.shape)}; pick one with --index`);
    }
    if (!pixelKind(view.dtype.kind, view.dtype.itemsize)) {
      throw new NpyError('unsupported', `render --rgb draws uint8 values or floats in [0, 1], not ${dtypeName(view.dtype)}`);
    }
  } else if (view.ndim !== 2) {
    const hint = view.ndim > 2 ? `; select two axes with --index, e.g. --index '${Array(view.ndim - 2).fill('0').join(', ')}, ...'` : '';
    throw new UsageError(`render draws a 2-D selection, and this one is ${view.ndim}-D with shape ${shapeText(view.shape)}${hint}`);
  }
  if (view.size === 0) throw new NpyError('unsupported', `cannot draw an empty selection (shape ${shapeText(view.shape)})`);
  if (view.dtype.kind !== 'c' && o.part !== undefined) {
    throw new UsageError(`--complex is for complex arrays, and this one is ${dtypeName(view.dtype)}`);
  }
}

export async function runRender(args: CliArgs, ctx: Context): Promise<void> {
  const o = renderOptions(args);
  await checkOutput(args.output, args.file);
  await withFile(args, async (f) => {
    const view = select(await pickArray(f, args, ctx), args.index);
    checkShape(view, o);
    const grid = await heatmapGrid(view, { maxWidth: o.maxSize, maxHeight: o.maxSize, part: o.part });
    const source = `${path.basename(args.file)}${ctx.member !== undefined ? ` member ${ctx.member}` : ''}${args.index !== undefined ? ` [${args.index}]` : ''}`;
    const drawn = `shape=${view.shape.join('x')} factor=${grid.factor} method=${grid.method}`;
    let header: PngHeader;
    let fill: (y0: number, count: number, out: Uint8Array) => void;
    if (o.rgb) {
      ({ header, fill } = rgbImage(grid, pixelKind(view.dtype.kind, view.dtype.itemsize) ?? 'float64'));
      header.text = [['Software', 'npyview'], ['Source', source], ['Comment', `npyview render --rgb: ${drawn}`]];
    } else {
      const domain = resolveDomain(grid.values, o);
      const spec: ScaleSpec | undefined = domain && { kind: o.scale, low: domain.low, high: domain.high, linthresh: o.linthresh };
      const err = spec && domainError(spec);
      if (err) throw new NpyError('usage', `--domain: ${err}`);
      ({ header, fill } = heatmapImage(grid, spec && makeNormalizer(spec), o.colormap));
      const map = `${o.colormap.name}${o.colormap.reversed ? '_r' : ''}`;
      const dom = domain ? `${domain.low},${domain.high}` : 'none';
      header.text = [['Software', 'npyview'], ['Source', source],
        ['Comment', `npyview render: colormap=${map} scale=${o.scale}${o.scale === 'symlog' ? ` linthresh=${o.linthresh}` : ''} domain=${dom} ${drawn}`]];
    }
    await toOutput(args.output, args.file, (sink) => writePng(sink, header, fill, { zlib: nodeZlib() }));
  });
}

/** Palette indices of the grid; a palette PNG of the colours that occur when they are ≤ 256, else RGB. */
function heatmapImage(grid: Grid, norm: Normalizer | undefined, map: Colormap) {
  const idx = new Uint16Array(grid.values.length);
  paletteIndices(grid.values, norm, map.size, idx);
  const pal = paletteOf(map);
  const used = new Int32Array(map.size + 3).fill(-1);
  let colours = 0;
  for (let i = 0; i < idx.length; i++) if (used[idx[i]] < 0) used[idx[i]] = colours++;
  const { rows: height, cols: width } = grid;
  if (colours <= 256) {
    const palette = new Uint8Array(3 * colours);
    used.forEach((slot, entry) => { if (slot >= 0) palette.set(pal.subarray(3 * entry, 3 * entry + 3), 3 * slot); });
    const header: PngHeader = { width, height, color: 'indexed', palette };
    const fill = (y0: number, count: number, out: Uint8Array) => {
      for (let i = 0, j = y0 * width; i < count * width; i++, j++) out[i] = used[idx[j]];
    };
    return { header, fill };
  }
  const header: PngHeader = { width, height, color: 'rgb' };
  const fill = (y0: number, count: number, out: Uint8Array) => {
    for (let i = 0, j = y0 * width; i < count * width; i++, j++) {
      const p = 3 * idx[j];
      out[3 * i] = pal[p]; out[3 * i + 1] = pal[p + 1]; out[3 * i + 2] = pal[p + 2];
    }
  };
  return { header, fill };
}

/**
 * RGB(A) pixels of an H×W×3/4 grid under the shared image rule (src/shared/draw/image.ts): uint8
 * values as they are (block means rounded); floats clipped to [0, 1] and ×255 truncated, as
 * `(np.clip(x, 0, 1) * 255).astype(np.uint8)` computes it (NaN → 0).
 */
function rgbImage(grid: Grid, kind: PixelKind) {
  const { rows: height, cols: width, channels, values } = grid;
  const header: PngHeader = { width, height, color: channels === 4 ? 'rgba' : 'rgb' };
  const fill = (y0: number, count: number, out: Uint8Array) => pixelBytes(values, channels, kind, out, channels, y0 * width, count * width);
  return { header, fill };
}

export const run = runner({ render: runRender });
