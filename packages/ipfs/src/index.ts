export { default, type IpfsPresignOptions, type IpfsResult, type PresignedPut } from './IpfsPresign.ts'
export {
  NFT2_MAX_FILES,
  NFT2_MIME_TYPES,
  type Nft2AdapterOptions,
  type Nft2PresignRequest,
  type Nft2PresignResponse,
  nft2,
} from './nft2.ts'
