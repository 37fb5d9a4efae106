export { CidMismatchError } from './cid-mismatch-error.ts'
export { CID_PROFILES, type CidProfile, DEFAULT_CID_PROFILE } from './cid-profiles.ts'
export { type ComputeCidOptions, computeCid } from './compute-cid.ts'
export { default, type IpfsPresignOptions, type IpfsResult, type PresignedPut } from './IpfsPresign.ts'
export {
  NFT2_MAX_FILES,
  NFT2_MIME_TYPES,
  type Nft2AdapterOptions,
  type Nft2PresignRequest,
  type Nft2PresignResponse,
  nft2,
} from './nft2.ts'
