/**
 * The schema of every message the webview may send, checked on the host before any handler runs
 * (the webview is a security boundary: a page with a bug or a hostile script must not make the
 * host do unbounded work or crash). Types, integer ranges, enums and lengths follow the protocol
 * and its LIMITS; the compiler checks each schema yields its message type.
 */
import { NOTATIONS, PRECISION_MAX, PRECISION_MIN } from '../shared/format';
import { RequestError } from '../shared/messages';
import { COMPLEX_PARTS, COPY_MODES, LIMITS, type FromWebviewMessage, type MessageOf } from '../shared/protocol';
import { FIND_TARGETS, STATS_ROWS, STATS_SCOPES } from '../shared/stats';
import { arrayOf, bool, int, num, obj, oneOf, optional, recordOf, str, type Check } from './schema';

const COUNT = int(0, Number.MAX_SAFE_INTEGER);
const AXIS = int(-1, LIMITS.axes);
const TIME = num(0, Number.MAX_SAFE_INTEGER);
/** What a complex value is drawn as (pictures' requests and their remembered settings). */
const PART = oneOf(COMPLEX_PARTS);

const viewSpec = obj({
  member: optional(str(LIMITS.memberChars)),
  index: str(LIMITS.indexChars),
  rowAxis: AXIS,
  colAxis: AXIS,
});

const formatSettings = obj({ notation: oneOf(NOTATIONS), precision: int(PRECISION_MIN, PRECISION_MAX) });

/** Page rectangles: starts anywhere in an array, sizes within one page's limits. */
const page = { view: viewSpec, row0: COUNT, rows: int(0, LIMITS.pageRows), col0: COUNT, cols: int(0, LIMITS.pageCols) };
/** Copy rectangles: any size (the session refuses a copy over its cell limit with a message). */
const copy = { view: viewSpec, row0: COUNT, rows: COUNT, col0: COUNT, cols: COUNT };

const viewState = obj({
  view: optional(viewSpec),
  scrollRow: COUNT,
  scrollCol: COUNT,
  selection: optional(obj({ row0: COUNT, col0: COUNT, row1: COUNT, col1: COUNT })),
  focus: optional(obj({ row: COUNT, col: COUNT })),
  members: optional(obj({ collapsed: bool, width: optional(int(0, LIMITS.membersWidth)) })),
  pictures: optional(obj({
    mode: oneOf(['grid', 'heatmap', 'image', 'line', 'histogram'] as const),
    heatmap: optional(obj({
      colormap: str(40), invert: bool, scale: oneOf(['linear', 'log', 'symlog', 'sqrt'] as const),
      domain: optional(obj({ low: num(-Number.MAX_VALUE, Number.MAX_VALUE), high: num(-Number.MAX_VALUE, Number.MAX_VALUE) })),
    })),
    line: optional(obj({ axis: oneOf(['row', 'col'] as const), lines: str(200), follow: optional(bool) })),
    histogram: optional(obj({ log: bool, bins: str(20), scope: optional(oneOf(STATS_SCOPES)) })),
    part: optional(PART),
    image: optional(obj({ channelsFirst: bool })),
  })),
  shade: optional(obj({
    on: bool, colormap: str(40), domain: oneOf(['minmax', 'robust', 'custom'] as const),
    low: optional(num(-Number.MAX_VALUE, Number.MAX_VALUE)), high: optional(num(-Number.MAX_VALUE, Number.MAX_VALUE)),
  })),
});

/** Rendered texts: a screenful, bounded in rows, columns and characters in all. */
const renderedTexts: Check<string[][]> = (v, path) => {
  const texts = arrayOf(arrayOf(str(LIMITS.renderedChars), LIMITS.renderedLines), LIMITS.renderedLines)(v, path);
  let chars = 0;
  for (const row of texts) for (const t of row) chars += t.length;
  if (chars > LIMITS.renderedChars) throw new RequestError('malformed', `${path}: more than ${LIMITS.renderedChars} characters in all`);
  return texts;
};

/** Any number (NaN and ±Inf too: a plotted value). */
const FLOAT: Check<number> = (v, path) => (typeof v === 'number' ? v : num(0, 0)(v, path));
const floats = arrayOf(FLOAT, 257);
const lineProbe = optional(obj({
  a: FLOAT, b: FLOAT, start: COUNT, stop: COUNT, index: optional(COUNT), min: floats, max: floats, low: FLOAT, high: FLOAT,
  mark: optional(COUNT), busy: bool,
}));
/** The pictures as drawn (PicturesProbe): bounded texts and at most 257 numbers per list. */
const plotsProbe = obj({
  focus: str(LIMITS.textChars), part: optional(PART), readout: str(LIMITS.textChars), domain: arrayOf(str(LIMITS.textChars), 2) as Check<[string, string]>,
  profiles: optional(obj({ title: str(LIMITS.textChars), row: lineProbe, col: lineProbe })),
  line: lineProbe,
  histogram: optional(obj({
    scope: str(20), log: bool, edges: floats, counts: arrayOf(COUNT, 257), size: COUNT, nan: COUNT, heights: floats, busy: bool,
  })),
});

const probe = obj({
  rendered: optional(obj({
    rows: arrayOf(COUNT, LIMITS.renderedLines),
    cols: arrayOf(COUNT, LIMITS.renderedLines),
    texts: renderedTexts,
  })),
  error: optional(str(LIMITS.textChars)),
  loading: optional(bool),
  format: optional(formatSettings),
  paintedAt: optional(TIME),
  marks: optional(obj({ script: optional(TIME), reply: optional(TIME), built: optional(TIME), shown: optional(TIME) })),
  stats: optional(obj({
    open: bool, busy: bool, progress: num(0, 100), note: str(LIMITS.textChars),
    figures: recordOf(STATS_ROWS, str(LIMITS.textChars)),
  })),
  status: optional(str(LIMITS.textChars)),
  heatmap: optional(obj({
    factor: optional(int(1, Number.MAX_SAFE_INTEGER)), detail: optional(int(1, Number.MAX_SAFE_INTEGER)), busy: bool, drawnAt: optional(TIME), replyMs: optional(TIME),
  })),
  line: optional(obj({ columns: optional(int(1, LIMITS.envelopeColumns)), busy: bool })),
  plots: optional(plotsProbe),
});

/** A heatmap request: a canvas within the side limits (and, checked below, the cell limit). */
const heatmap = obj({
  type: oneOf(['heatmap'] as const),
  view: viewSpec,
  maxWidth: int(1, LIMITS.heatmapSide),
  maxHeight: int(1, LIMITS.heatmapSide),
  region: optional(obj({ row0: COUNT, rows: COUNT, col0: COUNT, cols: COUNT })),
  part: optional(PART),
  image: optional(oneOf(['last', 'first'] as const)),
});

/** A line-plot request: a canvas's columns, a range of points, and at most envelopeLines rows or columns. */
const envelope = obj({
  type: oneOf(['envelope'] as const),
  view: viewSpec,
  columns: int(1, LIMITS.envelopeColumns),
  start: optional(COUNT),
  stop: optional(COUNT),
  lines: optional(obj({ axis: oneOf(['row', 'col'] as const), indices: arrayOf(COUNT, LIMITS.envelopeLines) })),
  part: optional(PART),
});

/** One schema per message type; a type missing here (or a schema of the wrong shape) does not compile. */
const SCHEMAS: { [K in FromWebviewMessage['type']]: Check<MessageOf<FromWebviewMessage, K>> } = {
  ready: obj({ type: oneOf(['ready'] as const) }),
  resolveView: obj({ type: oneOf(['resolveView'] as const), view: viewSpec }),
  getPage: obj({ type: oneOf(['getPage'] as const), ...page }),
  copy: obj({ type: oneOf(['copy'] as const), ...copy, mode: optional(oneOf(COPY_MODES)) }),
  cellValue: obj({ type: oneOf(['cellValue'] as const), view: viewSpec, row: COUNT, col: COUNT }),
  setFormat: obj({ type: oneOf(['setFormat'] as const), settings: formatSettings }),
  runCommand: obj({ type: oneOf(['runCommand'] as const), command: oneOf(['export', 'saveAs'] as const), view: viewSpec }),
  heatmap: (v, path) => {
    const m = heatmap(v, path);
    if (m.maxWidth * m.maxHeight > LIMITS.heatmapCells) {
      throw new RequestError('malformed', `${path}: ${m.maxWidth}×${m.maxHeight} cells is more than the ${LIMITS.heatmapCells} allowed`);
    }
    return m;
  },
  heatmapValues: obj({
    type: oneOf(['heatmapValues'] as const), grid: COUNT, cells: arrayOf(int(0, LIMITS.heatmapCells - 1), LIMITS.heatmapValues),
  }),
  state: obj({ type: oneOf(['state'] as const), state: viewState, probe }),
  stats: obj({ type: oneOf(['stats'] as const), view: viewSpec, scope: oneOf(STATS_SCOPES), job: COUNT }),
  find: obj({
    type: oneOf(['find'] as const), view: viewSpec, what: oneOf(FIND_TARGETS), direction: oneOf([1, -1] as const),
    from: optional(obj({ row: COUNT, col: COUNT })), job: COUNT,
  }),
  copyStats: obj({ type: oneOf(['copyStats'] as const), view: viewSpec, scope: oneOf(STATS_SCOPES) }),
  cancelJob: obj({ type: oneOf(['cancelJob'] as const), job: COUNT }),
  envelope: (v, path) => {
    const m = envelope(v, path);
    if (m.lines && m.lines.indices.length === 0) throw new RequestError('malformed', `${path}.lines.indices: expected at least one line`);
    return m;
  },
  histogram: obj({
    type: oneOf(['histogram'] as const), view: viewSpec, bins: optional(int(1, LIMITS.histogramBins)), job: COUNT, part: optional(PART),
    scope: optional(oneOf(STATS_SCOPES)),
  }),
  robustDomain: obj({ type: oneOf(['robustDomain'] as const), view: viewSpec, job: COUNT }),
  // The PNG's bytes are checked by the handler (decodePng: signature, size); here only the text's length.
  savePng: obj({ type: oneOf(['savePng'] as const), png: str(Math.ceil(LIMITS.pngBytes / 3) * 4), name: str(255) }),
};

/**
 * A message from the webview, checked: its type is known and every field has the type, range and
 * length its schema allows. Throws RequestError 'unknownType' or 'malformed' otherwise.
 */
export function checkFromWebview(body: unknown): FromWebviewMessage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError('malformed', `a message is an object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`);
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string') throw new RequestError('malformed', 'a message has a string "type"');
  if (!Object.prototype.hasOwnProperty.call(SCHEMAS, type)) {
    throw new RequestError('unknownType', `unknown message type ${JSON.stringify(type.slice(0, 60))}`);
  }
  return SCHEMAS[type as FromWebviewMessage['type']](body, type);
}
