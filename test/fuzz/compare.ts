/**
 * Compares what NumPy and the engine make of one file and sorts every difference into a class.
 * A difference that is a deliberate deviation (listed in the README under "Deviations from
 * NumPy") is named and counted apart; NumPy running out of memory or time (its own limits) is
 * not a difference.
 */
import { ItemResult, Outcome, TextResult } from './outcome';

export interface Difference {
  /** crash, hang, memory, we-refuse, we-accept, kind, members, dtype, shape, data, bytes, text-we-refuse, text-we-accept, text. */
  cls: string;
  detail: string;
  /** Set when the difference is a listed deviation (its name). */
  deviation?: string;
}

/** The README's deviations, recognised by our message (and NumPy's verdict). */
const DEVIATIONS: { name: string; ours: RegExp; numpy?: RegExp }[] = [
  { name: 'bzip2/lzma members are refused', ours: /uses (bzip2|lzma) \(method 1[24]\) compression/ },
  { name: 'more than 2**53 zero-byte items are refused', ours: /too large \(more than 2\*\*53 bytes or elements\)/ },
  { name: 'a formatted value is at most 16 MiB', ours: /npyview formats values of at most \d+ characters/ },
  { name: 'text that has no exact JS string', ours: /which is not a Unicode code point; it cannot be exported|as two code points \(two lone surrogates to NumPy\)/ },
  { name: 'a row format that is not a clean repetition is at most 1 M characters', ours: /MemoryError: the row format/ },
  { name: "fields laid over a number or a string (('<i4', [('r', 'u1'), ...])) are refused", ours: /fields over a '\w+' type are not supported/ },
  { name: 'a str item that is not whole UCS-4 characters is refused', ours: /are not a whole number of UCS-4 characters/ },
  { name: 'a set in a header is refused (np.load reads it in hash order)', ours: /the header holds a set/ },
  { name: 'a subarray of no bytes given an item size is refused', ours: /a subarray of no bytes/ },
  { name: "a time unit with a divisor ('[s/2]') is refused", ours: /unknown time unit \[[^\]]*\/[^\]]*\]/ },
];

/** Files NumPy refuses that we read on purpose (README), recognised by NumPy's message. */
const WE_READ: { name: string; numpy: RegExp }[] = [
  { name: "96-bit long doubles ('<f12', '<c24': 32-bit x86) are read", numpy: /descr is not a valid dtype descriptor: '[<>=|]?(f12|c24)'/ },
  { name: 'a dict descr (np.dtype takes it, np.load does not) is read', numpy: /descr is not a valid dtype descriptor: \{|too many values to unpack \(expected 3\)/ },
  { name: 'object arrays are read by the safe unpickler (np.load needs allow_pickle=True)', numpy: /Object arrays cannot be loaded when allow_pickle=False/ },
];

function readDeviation(numpy: string | undefined): string | undefined {
  return numpy === undefined ? undefined : WE_READ.find((d) => d.numpy.test(numpy))?.name;
}

function deviation(ours: string | undefined, numpy: string | undefined): string | undefined {
  if (ours === undefined) return undefined;
  for (const d of DEVIATIONS) {
    if (d.ours.test(ours) && (!d.numpy || (numpy !== undefined && d.numpy.test(numpy)))) return d.name;
  }
  return undefined;
}

/** NumPy hit its own limits (the oracle's memory cap or time limit): nothing to compare. */
export function numpyResource(msg: string | undefined): boolean {
  return msg !== undefined && /^(MemoryError|Timeout|OverflowError: cannot fit)|_ArrayMemoryError|Unable to allocate/.test(msg);
}

function compareText(key: string, fmt: string, n: TextResult, o: TextResult, out: Difference[]): void {
  const where = `${JSON.stringify(key)} ${JSON.stringify(fmt)}`;
  if (n.error !== undefined && numpyResource(n.error)) return;
  if (n.error !== undefined && o.error === undefined) {
    out.push({ cls: 'text-we-accept', detail: `${where}: numpy ${n.error}; we wrote ${o.len} bytes` });
  } else if (n.error === undefined && o.error !== undefined) {
    out.push({ cls: 'text-we-refuse', detail: `${where}: numpy wrote ${n.len} bytes; we ${o.error}`, deviation: deviation(o.error, undefined) });
  } else if (n.error === undefined && (n.sha !== o.sha || (!n.capped && n.len !== o.len))) {
    out.push({ cls: 'text', detail: `${where}: ${n.len} vs ${o.len} bytes, different text` });
  }
}

function compareItem(n: ItemResult, o: ItemResult, out: Difference[]): void {
  const k = JSON.stringify(n.key);
  if (n.error !== undefined && numpyResource(n.error)) return;
  if (n.error !== undefined || o.error !== undefined) {
    if (n.error !== undefined && o.error === undefined) out.push({ cls: 'we-accept', detail: `${k}: numpy ${n.error}; we read it`, deviation: readDeviation(n.error) });
    if (n.error === undefined && o.error !== undefined) {
      out.push({ cls: 'we-refuse', detail: `${k}: numpy reads it; we ${o.error}`, deviation: deviation(o.error, undefined) });
    }
    return;
  }
  if (n.bytes || o.bytes) {
    const sameLength = n.bytes && o.bytes && (o.bytes.capped ? n.bytes.len >= o.bytes.len : n.bytes.len === o.bytes.len);
    if (!n.bytes || !o.bytes || n.bytes.sha !== o.bytes.sha || !sameLength) {
      out.push({ cls: 'bytes', detail: `${k}: numpy ${n.bytes ? `${n.bytes.len} bytes` : 'an array'}, we ${o.bytes ? `${o.bytes.len} bytes` : 'an array'}` });
    }
    return;
  }
  if (n.dtype !== o.dtype) out.push({ cls: 'dtype', detail: `${k}: ${n.dtype} vs ${o.dtype}` });
  if ((n.shape ?? []).join() !== (o.shape ?? []).join()) out.push({ cls: 'shape', detail: `${k}: (${n.shape}) vs (${o.shape})` });
  else if (n.data !== o.data) out.push({ cls: 'data', detail: `${k}: different bytes` });
  for (const [fmt, t] of Object.entries(n.text ?? {})) {
    const ot = o.text?.[fmt];
    if (!ot) out.push({ cls: 'text', detail: `${k} ${fmt}: numpy wrote text, we did not try` });
    else compareText(n.key, fmt, t, ot, out);
  }
}

export function compare(numpy: Outcome, ours: Outcome): Difference[] {
  const out: Difference[] = [];
  if (ours.crash) return [{ cls: 'crash', detail: ours.crash.slice(0, 2000) }];
  if (numpy.timeout || numpyResource(numpy.error)) {
    // NumPy hit its limits; only our own failures to stop in time are findings
    if (ours.timeout) out.push({ cls: 'hang', detail: 'both time out (numpy too)', deviation: 'numpy hangs too' });
    return out;
  }
  if (ours.timeout) return [{ cls: 'hang', detail: 'the engine did not finish in time' }];
  if (ours.memory) return [{ cls: 'memory', detail: 'the engine ran out of its heap limit' }];
  if (numpy.kind === 'error' || ours.kind === 'error') {
    if (numpy.kind === 'error' && ours.kind !== 'error') {
      out.push({ cls: 'we-accept', detail: `numpy: ${numpy.error}; we open it as ${ours.kind}`, deviation: readDeviation(numpy.error) });
    }
    if (numpy.kind !== 'error' && ours.kind === 'error') {
      out.push({ cls: 'we-refuse', detail: `numpy opens it (${numpy.kind}); we: ${ours.error}`, deviation: deviation(ours.error, undefined) });
    }
    return out;
  }
  if (numpy.kind !== ours.kind) return [{ cls: 'kind', detail: `${numpy.kind} vs ${ours.kind}` }];
  const nk = numpy.items.map((i) => i.key);
  const ok = ours.items.map((i) => i.key);
  if (nk.join('\0') !== ok.join('\0')) return [{ cls: 'members', detail: `${JSON.stringify(nk).slice(0, 300)} vs ${JSON.stringify(ok).slice(0, 300)}` }];
  numpy.items.forEach((n, i) => compareItem(n, ours.items[i], out));
  return out;
}
