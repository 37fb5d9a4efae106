export { CidMismatchError } from './cid-mismatch-error.ts'
export type { CidProfile } from './cid-profiles.ts'
export { computeCid } from './compute-cid.ts'
export {
  default,
  type IpfsPresignOptions,
  type IpfsResult,
  type PresignedPut,
  type PresignLimits,
} from './IpfsPresign.ts'
export { type Nft2AdapterOptions, type Nft2Presign, nft2 } from './nft2.ts'
