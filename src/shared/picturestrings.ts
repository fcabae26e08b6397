/**
 * The UI strings of the pictures (the view switcher and the heatmap), English defaults; part of
 * DEFAULT_STRINGS (strings.ts), translated the same way (l10n/bundle.l10n.zh-cn.json).
 */
export const PICTURE_STRINGS = {
  viewSwitch: 'View',
  viewGrid: 'Grid',
  viewGridTitle: 'Show the values as a table',
  viewHeatmap: 'Heatmap',
  viewHeatmapTitle: 'Draw the 2-D slice as a heatmap',
  colormap: 'Colormap',
  invert: 'Invert',
  invertTitle: 'Invert the colormap',
  scale: 'Scale',
  scaleLinear: 'Linear',
  scaleLog: 'Log',
  scaleSymlog: 'Symlog',
  scaleSqrt: 'Square root',
  domainLow: 'Low',
  domainHigh: 'High',
  domainAuto: 'Auto',
  domainAutoTitle: 'Set the domain to the finite minimum and maximum of the values drawn',
  domainBad: 'Domain: {0}',
  noFinite: 'No finite values to scale: only NaN and infinities are drawn.',
  downsampled: 'downsampled ×{0}',
  downsampledTitle: 'The slice is larger than the canvas: each pixel stands for a {0}×{0} block ({1})',
  methodStride: 'its first element',
  methodMean: 'the mean of its values',
  heatmapCell: '{0}: {1}',
  heatmapBlock: '{0} (block of {1}×{1}): mean {2}',
  heatmapHint: 'Hover over the picture (or focus it and use the arrow keys) to read a value.',
  heatmapLabel: 'Heatmap of the slice; arrow keys move the cursor cell',
  colorbarLabel: 'Colorbar',
} as const;
