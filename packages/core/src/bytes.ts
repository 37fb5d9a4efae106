/**
 * A byte count rounded for reading, in IEC units (`10.5 MiB`, `300 B`): messages give it beside the exact count,
 * exact for the reader who compares, rounded for the one who does not. The unit symbols are the same in every
 * language, so no locale string is needed for them.
 */
export function roundedBytes(bytes: number): string {
  let size = bytes
  let unit = 'B'
  for (const next of ['KiB', 'MiB', 'GiB', 'TiB']) {
    if (size < 1024) break
    size /= 1024
    unit = next
  }
  return `${Number(size.toFixed(1))} ${unit}`
}
