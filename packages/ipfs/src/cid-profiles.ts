/**
 * How a gateway turns a file into its CID. Only the name crosses to the worker: the importer options a name stands
 * for are in `cid-of-stream.ts`, so this module (in the plugin's main chunk) carries none of the importer.
 *
 * - `kubo-cidv0` (default): kubo's `ipfs add` defaults, which Filebase's `x-amz-meta-cid` follows: CIDv0 `Qm…`
 *   (dag-pb, sha2-256), 256 KiB fixed chunks, UnixFS `file` leaves, balanced layout of 174 links per node (the
 *   importer's `unixfs-v0-2015` profile). Debian's `ipfs_cid` prints this DAG's root as `CIDv0` and, re-encoded as
 *   CIDv1 (`bafybei…`, same dag-pb multihash), as `CIDv1`; verification compares CIDs in either form.
 * - `kubo-cidv1-raw`: kubo's `ipfs add --cid-version 1`, which implies `--raw-leaves`: CIDv1, raw leaves (a file of
 *   one chunk is `bafkrei…` + the SHA-256 of its bytes), otherwise as `kubo-cidv0`. A different DAG from the one
 *   `ipfs_cid`'s `CIDv1` names.
 * - `unixfs-v1-2025`: IPIP-499's modern profile: CIDv1, raw leaves, 1 MiB chunks, 1024 links per node.
 */
export type CidProfile = 'kubo-cidv0' | 'kubo-cidv1-raw' | 'unixfs-v1-2025'

export const CID_PROFILES: readonly CidProfile[] = ['kubo-cidv0', 'kubo-cidv1-raw', 'unixfs-v1-2025']

/** Filebase (NFT2's storage) answers with kubo's default CIDv0. */
export const DEFAULT_CID_PROFILE: CidProfile = 'kubo-cidv0'

/** Refuses a profile name this version does not know, naming the ones it does (a typo must not verify nothing). */
export function checkCidProfile(profile: unknown): CidProfile {
  if (CID_PROFILES.includes(profile as CidProfile)) return profile as CidProfile
  throw new TypeError(`Unknown CID profile ${JSON.stringify(profile)}: use one of ${CID_PROFILES.join(', ')}.`)
}
