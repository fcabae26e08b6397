/** ArrayInfo for a header: what the webview's header bar and the sidebar tree show. */
import type { ArrayInfo } from '../shared/protocol';
import { describeDType, dtypeDescr, dtypeName, flattenFields } from '../npy/format/dtype';
import type { NpyHeader } from '../npy/format/header';

export function describeArray(header: NpyHeader): ArrayInfo {
  const dt = header.dtype;
  return {
    dtype: dtypeDescr(dt),
    dtypeName: dtypeName(dt),
    dtypeDescription: describeDType(dt),
    shape: [...header.shape],
    fortranOrder: header.fortranOrder,
    version: header.version,
    dataBytes: header.shape.reduce((a, b) => a * b, 1) * dt.itemsize,
    fields: flattenFields(dt).map((f) => f.name),
  };
}
