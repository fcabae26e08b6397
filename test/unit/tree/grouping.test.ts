/** The sidebar's folders of tensors: dotted prefixes become folders, numbers sort by value. */
import * as assert from 'assert';
import { groupByPrefix, GroupNode } from '../../../src/tree/grouping';

/** The tree as indented lines: folders end with '/', members show 'label = full name'. */
function lines(n: GroupNode<string>, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  return [
    ...n.groups.flatMap((g) => [`${pad}${g.name}/ (${g.path})`, ...lines(g, depth + 1)]),
    ...n.leaves.map((l) => `${pad}${l.label} = ${l.item}`),
  ];
}

describe('tree: grouping tensors by dotted prefix', () => {
  it('puts layers.0.attn.weight in layers ▸ 0 ▸ attn, numbers in numeric order', () => {
    const names = ['layers.10.w', 'layers.2.w', 'layers.0.attn.weight', 'layers.0.attn.bias', 'embed', 'lm_head.weight'];
    assert.deepStrictEqual(lines(groupByPrefix(names, (s) => s)), [
      'layers/ (layers)',
      '  0/ (layers.0)',
      '    attn/ (layers.0.attn)',
      '      bias = layers.0.attn.bias',
      '      weight = layers.0.attn.weight',
      '  2/ (layers.2)',
      '    w = layers.2.w',
      '  10/ (layers.10)',
      '    w = layers.10.w',
      'lm_head/ (lm_head)',
      '  weight = lm_head.weight',
      'embed = embed',
    ]);
  });

  it('keeps a name that is also a prefix beside its folder, and does not split names with empty segments', () => {
    const names = ['a', 'a.b', '.hidden', 'x..y', 'tail.'];
    assert.deepStrictEqual(lines(groupByPrefix(names, (s) => s)), [
      'a/ (a)',
      '  b = a.b',
      '.hidden = .hidden',
      'a = a',
      'tail. = tail.',
      'x..y = x..y',
    ]);
  });

  it('lists every item exactly once, for a large checkpoint', () => {
    const names: string[] = [];
    for (let l = 0; l < 40; l++) for (const p of ['q', 'k', 'v', 'o']) names.push(`model.layers.${l}.self_attn.${p}_proj.weight`);
    const root = groupByPrefix(names, (s) => s);
    const all: string[] = [];
    const walk = (n: GroupNode<string>): void => { n.leaves.forEach((l) => all.push(l.item)); n.groups.forEach(walk); };
    walk(root);
    assert.strictEqual(all.length, 160);
    assert.deepStrictEqual([...all].sort(), [...names].sort());
    assert.deepStrictEqual(root.groups[0].groups[0].groups.slice(0, 3).map((g) => g.name), ['0', '1', '2']);
  });
});
