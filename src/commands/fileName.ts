/**
 * Default file names for save dialogs. Member names come from the archive and may be hostile
 * ('../../x', '/etc/passwd', 'CON', control characters): they only ever suggest a plain name in
 * the source's folder; the save dialog decides where a file is written.
 */
export function safeFileName(name: string): string {
  let s = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  // Windows device names cannot be file names, with or without an extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s)) s = `_${s}`;
  s = s.slice(0, 120);
  return s || 'array';
}

/** `<source stem>[-<member>]`, safe to use as a file name. */
export function defaultStem(sourceFileName: string, member?: string): string {
  const stem = sourceFileName.replace(/\.(npy|npz|safetensors\.index\.json|safetensors)$/i, '');
  return safeFileName(member ? `${stem}-${member}` : stem);
}
