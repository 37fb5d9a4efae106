'use client'

import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import '@uppy-presign/react/upload-results.css'
import { nft2 } from '@uppy-presign/ipfs'
import { IpfsUploader } from '@uppy-presign/react'

/** The presign proxy is the mock's demo backend; `verifyCid` makes the browser compute the CID in the inline worker. */
export function IpfsUpload({ endpoint }: { endpoint: string }) {
  return <IpfsUploader presign={nft2({ endpoint })} verifyCid note="Images only" />
}
