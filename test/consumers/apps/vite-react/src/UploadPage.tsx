// The app's own upload page: the three uploader components as the package README shows them, with the CSS the app
// imports itself (the components import none). The presign proxies are the app backend's; in the test, the mock
// server's demo backend, whose origin the page gets from `?mock=` (the same built page serves any mock port).
import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import '@uppy-presign/react/upload-results.css'
import { startrail } from '@uppy-presign/gcs'
import { nft2 } from '@uppy-presign/ipfs'
import { GcsUploader, IpfsUploader, S3PostUploader } from '@uppy-presign/react'
import { leonardo } from '@uppy-presign/s3-post'

const backend = new URLSearchParams(location.search).get('mock') ?? ''

export function UploadPage() {
  return (
    <section id="uploads">
      <h2>Mint</h2>
      <IpfsUploader
        presign={nft2({ endpoint: `${backend}/app/nft2` })}
        gateway={`${backend}/ipfs/`}
        verifyCid
        height={300}
        resultsStrings={{ title: 'IPFS uploads' }}
      />
      <h2>Artwork</h2>
      <GcsUploader
        presign={startrail({ endpoint: `${backend}/app/startrail`, category: 'artwork' })}
        height={300}
        resultsStrings={{ title: 'Artwork uploads' }}
      />
      <h2>Init image</h2>
      <S3PostUploader
        presign={leonardo.initImage({ endpoint: `${backend}/app/leonardo` })}
        note="PNG, JPEG or WebP"
        height={300}
        resultsStrings={{ title: 'Init image uploads' }}
      />
    </section>
  )
}
