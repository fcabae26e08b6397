/**
 * Node's native zlib as a streaming compressor for the PNG writer (src/npy/format/png.ts): several
 * times faster than fflate's, for the places that run on Node (the CLI, the extension host).
 */
import * as zlib from 'zlib';

/** A zlib stream as png.ts's ZlibFactory wants it (declared here so io/ does not import format/). */
export type NodeZlibFactory = (onData: (chunk: Uint8Array) => void) => { push(data: Uint8Array, final: boolean): Promise<void> };

export function nodeZlib(level = 6): NodeZlibFactory {
  return (onData) => {
    const d = zlib.createDeflate({ level });
    d.on('data', (c: Buffer) => onData(new Uint8Array(c.buffer, c.byteOffset, c.length)));
    const ended = new Promise<void>((resolve, reject) => { d.on('end', resolve); d.on('error', reject); });
    ended.catch(() => undefined); // awaited on the final push; no unhandled rejection before that
    return {
      push: async (data, final) => {
        // The callback comes once zlib has taken the chunk: the caller may reuse its buffer then.
        await new Promise<void>((resolve, reject) => d.write(data, (e) => (e ? reject(e) : resolve())));
        if (final) { d.end(); await ended; }
      },
    };
  };
}
