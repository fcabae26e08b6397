/**
 * Carriage returns in .npy headers, as np.load reads them: ast.literal_eval reads source with
 * universal newlines ('\r' and '\r\n' are newlines), and for versions 1.0 and 2.0 NumPy
 * retries a failed header through tokenize, which splits lines at '\n' only, so it repairs an
 * indented last line after a '\n' but not after a lone '\r'. NumPy writes 210 headers with CRs
 * before, in and after the dict, versions 1.0 and 3.0; the engine must open exactly those np.load
 * opens. (The long fuzz run of seed 1206151, cases 20670 and 80580, found both sides of it.)
 */
import * as assert from 'assert';
import { headerDisagreements } from '../../support/headerverdicts';
import { requireNumpy, runNumpy } from '../../support/numpy';

const CASES = `
import io, warnings
warnings.simplefilter('ignore')
out = []

body="{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }"
tails=['\\n','\\r','\\r\\n','   \\r    \\n','   \\r    ','\\n    ','\\r    ','\\r\\n    ','\\n  \\r  ','\\r  \\n  ','  \\\\\\r  ','\\r\\r\\n  ','\\n\\r  ', '\\r#c\\n  ', '\\n#c\\r  ']
heads=['', '\\r', '\\n', ' \\r', '\\r ', '#x\\r', '\\\\\\r']
for v in (1, 3):
  for h in heads:
    for t in tails:
      txt=h+body+t
      raw=txt.encode('latin1')
      pad=(64-(len(raw)+(10 if v==1 else 12))%64)%64
      raw=raw+b' '*pad  # spaces after the tail: part of the last line
      pre=b'\\x93NUMPY'+bytes([v,0])+(len(raw).to_bytes(2,'little') if v==1 else len(raw).to_bytes(4,'little'))
      data=pre+raw+np.arange(2,dtype='<u8').tobytes()
      try: np.load(io.BytesIO(data)); ok=True
      except Exception as e: ok=False
      out.append({'v':v,'txt':txt,'hex':data.hex(),'ok':ok})
print(json.dumps(out))
`;

describe('np.load of headers with carriage returns (universal newlines; the Python 2 retry)', () => {
  it('opens the 210 headers np.load opens and refuses the others', async function () {
    requireNumpy(this, 'np.load of headers with carriage returns');
    this.timeout(120000);
    const cases = JSON.parse(runNumpy(CASES)) as { v: number; txt: string; hex: string; ok: boolean }[];
    assert.strictEqual(cases.length, 210);
    const wrong = await headerDisagreements(cases.map((c) => ({ what: `v${c.v} ${JSON.stringify(c.txt)}`, hex: c.hex, ok: c.ok })));
    assert.deepStrictEqual(wrong, []);
    assert.ok(cases.some((c) => c.ok) && cases.some((c) => !c.ok));
  });
});
