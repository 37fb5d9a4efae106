import Uppy, { type Body, type Meta } from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { startrailReads } from '@uppy-presign/gcs'
import IpfsPresign from '@uppy-presign/ipfs'
import S3PostPolicy from '@uppy-presign/s3-post'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import EchoUpload from '../test/echo-upload.ts'
import {
  GcsUploader,
  IpfsUploader,
  S3PostUploader,
  StartrailFiles,
  Uploader,
  UploadResults,
  useUppyFlow,
} from './index.ts'

/**
 * A server render, as Next.js or Remix run it: Node, no `window`, no `document`. Importing the package and rendering
 * every component must work there, and leave nothing behind (no timers, no listeners: effects never run).
 */

const presignIpfs = async () => ({ urls: [] as string[] })
const presignGcs = async () => []
const presignPost = async () => ({ url: 'https://bucket.test', fields: {} })

describe('server render (node, no window)', () => {
  it('runs where there is no DOM', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  it('renders each uploader to HTML: the Dashboard’s container, no results yet', () => {
    for (const element of [
      <IpfsUploader key="ipfs" presign={presignIpfs} theme="dark" note="Images only" />,
      <GcsUploader key="gcs" presign={presignGcs} width={500} />,
      <S3PostUploader key="s3" presign={presignPost} theme="auto" showResults={false} className="mine" />,
      <Uploader key="own" plugin={EchoUpload} urlFor={(name) => `https://files.test/${name}`} />,
    ]) {
      const html = renderToString(element)
      expect(html).toContain('class="uppy-Container"')
      expect(html).toContain('uppy-presign-uploader')
      expect(html).not.toContain('Upload results')
    }
  })

  it('runs the hook, for each flow and for a plugin of the app’s own', () => {
    const seen: string[] = []
    function Probe() {
      seen.push(
        useUppyFlow(IpfsPresign, { presign: presignIpfs }).getPlugin('IpfsPresign')?.id ?? '',
        useUppyFlow(GcsSignedUrl, { presign: presignGcs }).getPlugin('GcsSignedUrl')?.id ?? '',
        useUppyFlow(S3PostPolicy, { presign: presignPost }).getPlugin('S3PostPolicy')?.id ?? '',
        useUppyFlow(EchoUpload, { urlFor: (name) => name }).getPlugin('EchoUpload')?.id ?? '',
      )
      return null
    }
    renderToString(<Probe />)
    expect(seen).toEqual(['IpfsPresign', 'GcsSignedUrl', 'S3PostPolicy', 'EchoUpload'])
  })

  it('renders the stored-file list without reading anything: previews are fetched in the browser', () => {
    const called: string[] = []
    const reads = startrailReads({
      endpoint: 'https://app.test/api/startrail',
      category: 'artwork',
      fetch: async (input) => {
        called.push(String(input))
        throw new Error('no request in a server render')
      },
    })
    const html = renderToString(
      <StartrailFiles reads={reads} files={[{ fileName: 'a.png' }, { fileName: 'terms.pdf' }]} theme="dark" />,
    )
    expect(html).toContain('aria-label="Stored files"')
    expect(html).toContain('data-file-key="a.png"')
    expect(html).toContain('data-status="idle"')
    expect(html).not.toContain('<img')
    expect(called).toEqual([])
  })

  it('renders the results panel of an instance with files: no thumbnails (they are made in the browser)', () => {
    const uppy = new Uppy<Meta, Body>({ logger: { debug: () => {}, warn: () => {}, error: () => {} } })
    const id = uppy.addFile({ name: 'cat.png', type: 'image/png', data: new Blob(['x']), source: 'test' })
    uppy.emit(
      'upload-error',
      uppy.getFile(id),
      new UploadError('cat.png: refused.', { kind: 'presign', retryable: false }),
    )
    const html = renderToString(<UploadResults uppy={uppy} theme="dark" />)
    expect(html).toContain('aria-label="Upload results"')
    expect(html).toContain(`data-file-id="${id}"`)
    expect(html).toContain('<p role="alert"')
    expect(html).toContain('cat.png: refused.')
    expect(html).not.toContain('<img')
    uppy.destroy()
  })
})
