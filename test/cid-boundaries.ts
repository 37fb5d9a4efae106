const CHUNK = 256 * 1024
const LINKS = 174

/**
 * File sizes on the boundaries of kubo's default DAG (256 KiB leaves, 174 links per node): empty, one leaf, two
 * leaves, one full inner node, and the first size that needs a second tree level. Every CID test runs them.
 */
export const CID_BOUNDARY_SIZES: Array<[name: string, size: number]> = [
  ['0 B', 0],
  ['1 B', 1],
  ['256 KiB - 1', CHUNK - 1],
  ['256 KiB', CHUNK],
  ['256 KiB + 1', CHUNK + 1],
  ['174 x 256 KiB - 1', LINKS * CHUNK - 1],
  ['174 x 256 KiB', LINKS * CHUNK],
  ['174 x 256 KiB + 1', LINKS * CHUNK + 1],
]
