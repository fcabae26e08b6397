/**
 * Tensors of a checkpoint grouped by the dotted prefixes of their names, as folders:
 * 'layers.0.attn.weight' lies in layers ▸ 0 ▸ attn as 'weight'. No VS Code here (unit-tested).
 */

export interface GroupNode<T> {
  /** The folder's segment ('attn'). */
  name: string;
  /** Its dotted path ('layers.0.attn'): stable, so items keep their ids across refreshes. */
  path: string;
  groups: GroupNode<T>[];
  /** Members directly inside, with the label they show (the last segment). */
  leaves: { label: string; item: T }[];
}

/** Numbers in names compare as numbers: layers 2 before layers 10. */
const collator = new Intl.Collator('en', { numeric: true });

/**
 * The folder tree of `items` named by `nameOf` (in their order within a folder: folders and
 * members by name, numbers by value). A name with an empty segment ('a..b', '.x', 'x.') is
 * not split: it is listed whole where the others begin.
 */
export function groupByPrefix<T>(items: readonly T[], nameOf: (t: T) => string): GroupNode<T> {
  const root: GroupNode<T> = { name: '', path: '', groups: [], leaves: [] };
  const folders = new Map<string, GroupNode<T>>([['', root]]);
  for (const item of items) {
    const name = nameOf(item);
    const parts = name.split('.');
    if (parts.some((p) => p === '')) {
      root.leaves.push({ label: name, item });
      continue;
    }
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('.');
      let next = folders.get(path);
      if (!next) {
        next = { name: parts[i], path, groups: [], leaves: [] };
        folders.set(path, next);
        node.groups.push(next);
      }
      node = next;
    }
    node.leaves.push({ label: parts[parts.length - 1], item });
  }
  for (const f of folders.values()) {
    f.groups.sort((a, b) => collator.compare(a.name, b.name));
    f.leaves.sort((a, b) => collator.compare(a.label, b.label));
  }
  return root;
}
