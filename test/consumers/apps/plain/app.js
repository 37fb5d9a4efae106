// A page without a framework or TypeScript: three Dashboards, one per storage flow, bundled by esbuild.
import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import Uppy from '@uppy/core'
import Dashboard from '@uppy/dashboard'
import GcsSignedUrl, { startrail } from '@uppy-presign/gcs'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { leonardo } from '@uppy-presign/s3-post'

// The app's presign proxies: this page's own server (`/api`) unless `?backend=` names another one.
const backend = new URLSearchParams(location.search).get('backend') ?? '/api'

// What each uploader reported, for whoever drives the page (a test) to read.
const uploads = {}
window.uploads = uploads

function uploader(id, plugin, options) {
  // Each Uppy needs its own id when several share a page: the Dashboard names its elements after it.
  const uppy = new Uppy({ id }).use(plugin, options)
  uppy.use(Dashboard, { inline: true, target: `#${id}`, height: 320, proudlyDisplayPoweredByUppy: false })
  const seen = { successes: [], errors: [] }
  uploads[id] = seen
  uppy.on('upload-success', (file, response) => {
    seen.successes.push({ name: file.name, body: response.body, uploadURL: response.uploadURL })
  })
  uppy.on('upload-error', (file, error) => {
    seen.errors.push(`${file?.name}: ${error.message}`)
  })
}

uploader('gcs', GcsSignedUrl, { presign: startrail({ endpoint: `${backend}/startrail`, category: 'artwork' }) })
uploader('s3post', S3PostPolicy, { presign: leonardo.initImage({ endpoint: `${backend}/leonardo` }) })
uploader('ipfs', IpfsPresign, { presign: nft2({ endpoint: `${backend}/nft2` }), verifyCid: true })
