import { act, fireEvent, render, renderHook, screen, within } from '@testing-library/react'
import Uppy, { type Body, type Meta, type UppyFile } from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UploadResults } from './UploadResults.tsx'
import { useUploadResults } from './use-upload-results.ts'

/**
 * The panel fed with the events a flow plugin emits (`upload-start`, `upload-progress`, `upload-success`,
 * `upload-error`), through a real Uppy instance, so its own state handling runs as it does in an app.
 */

const GATEWAY = 'https://ipfs.filebase.io/ipfs/'
const CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Uppy logs every upload error to the console; here they are the point of the test. */
const quiet = { debug: () => {}, warn: () => {}, error: () => {} }

function setup(name = 'cat.png', type = 'image/png', content: BlobPart = 'png-bytes') {
  const uppy = new Uppy<Meta, Body>({ logger: quiet })
  const id = uppy.addFile({ name, type, data: new Blob([content], { type }), source: 'test' })
  const file = () => uppy.getFile(id) as UppyFile<Meta, Body>
  return { uppy, id, file }
}

function succeed(
  uppy: Uppy<Meta, Body>,
  file: UppyFile<Meta, Body>,
  body: Record<string, unknown>,
  uploadURL?: string,
) {
  act(() => {
    uppy.emit('upload-start', [file])
    uppy.emit('upload-success', uppy.getFile(file.id), { status: 200, body, uploadURL })
  })
}

const row = (id: string) => document.querySelector(`li[data-file-id="${id}"]`) as HTMLElement

describe('<UploadResults>', () => {
  it('is a labelled region with one list item per file, and renders nothing without files', () => {
    const uppy = new Uppy<Meta, Body>({ logger: quiet })
    const { container } = render(<UploadResults uppy={uppy} />)
    expect(container.innerHTML).toBe('')

    act(() => {
      uppy.addFile({ name: 'a.png', type: 'image/png', data: new Blob(['a']), source: 'test' })
      uppy.addFile({ name: 'b.png', type: 'image/png', data: new Blob(['b']), source: 'test' })
    })
    const region = screen.getByRole('region', { name: 'Upload results' })
    expect(within(region).getAllByRole('listitem')).toHaveLength(2)
    expect(region.dataset.theme).toBe('light')
    expect(within(region).getByText('a.png')).toBeTruthy()
    expect(within(region).getAllByText('Waiting')).toHaveLength(2)
  })

  it('follows a file live: waiting, uploading with progress, uploaded, removed', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    expect(row(id).dataset.status).toBe('waiting')

    act(() => {
      uppy.emit('upload-start', [file()])
      uppy.emit('upload-progress', file(), { uploadStarted: Date.now(), bytesUploaded: 4, bytesTotal: 9 })
    })
    expect(row(id).dataset.status).toBe('uploading')
    const progress = within(row(id)).getByRole('progressbar', { name: 'cat.png' }) as HTMLProgressElement
    expect(progress.value).toBe(44)
    expect(row(id).textContent).toContain('44%')

    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' })
    expect(row(id).dataset.status).toBe('success')
    expect(within(row(id)).getByText('Uploaded')).toBeTruthy()

    act(() => uppy.removeFile(id))
    expect(screen.queryByRole('region')).toBeNull()
  })

  it('IPFS: the CID in <code>, ipfs:// and gateway links, and a Copy CID button that says Copied', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} gateway={GATEWAY} />)
    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' }, `${GATEWAY}${CID}`)

    const item = within(row(id))
    expect(item.getByTestId('cid').tagName).toBe('CODE')
    expect(item.getByTestId('cid').textContent).toBe(CID)
    expect(item.getByRole('link', { name: `ipfs://${CID}` }).getAttribute('href')).toBe(`ipfs://${CID}`)
    const gatewayLink = item.getByTestId('gateway-link')
    expect(gatewayLink.getAttribute('href')).toBe(`${GATEWAY}${CID}`)
    expect(gatewayLink.getAttribute('rel')).toBe('noopener noreferrer')

    const copy = item.getByRole('button', { name: 'Copy CID' })
    // The button names its file for assistive technology, since every row has one.
    expect(document.getElementById(copy.getAttribute('aria-describedby') ?? '')?.textContent).toBe('cat.png')
    await act(async () => {
      fireEvent.click(copy)
    })
    expect(writeText).toHaveBeenCalledExactlyOnceWith(CID)
    expect(item.getByRole('button', { name: 'Copied' })).toBe(copy)
  })

  it('IPFS with verifyCid: says Verified, or Not verified with the reason; nothing for an unchecked CID', () => {
    const verified = setup('a.png')
    render(<UploadResults uppy={verified.uppy} />)
    succeed(verified.uppy, verified.file(), { cid: CID, url: 'https://bucket.test/a.png', cidVerified: true })
    const check = within(row(verified.id)).getByTestId('cid-check')
    expect(check.dataset.verified).toBe('true')
    expect(row(verified.id).querySelector('dl')?.textContent).toContain(
      "CID checkVerified: the file's own bytes give this CID",
    )

    const reason =
      "The gateway's CID could not be read (CORS hides x-amz-meta-cid), so this CID was computed in the browser."
    const add = (name: string) => {
      let id = ''
      act(() => {
        id = verified.uppy.addFile({ name, type: 'image/png', data: new Blob([name]), source: 'test' })
      })
      return verified.uppy.getFile(id) as UppyFile<Meta, Body>
    }
    const b = add('b.png')
    succeed(verified.uppy, b, {
      cid: CID,
      url: 'https://bucket.test/b.png',
      cidVerified: false,
      cidUnverifiedReason: reason,
    })
    expect(within(row(b.id)).getByTestId('cid-check').dataset.verified).toBe('false')
    expect(row(b.id).textContent).toContain(`CID checkNot verified${reason}`)

    const c = add('c.png')
    succeed(verified.uppy, c, { cid: CID, url: 'https://bucket.test/c.png' })
    expect(within(row(c.id)).getByTestId('cid').textContent).toBe(CID)
    expect(within(row(c.id)).queryByTestId('cid-check')).toBeNull()
  })

  it('IPFS without a gateway: no gateway link', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' })
    expect(within(row(id)).queryByTestId('gateway-link')).toBeNull()
    expect(within(row(id)).getByTestId('ipfs-link')).toBeTruthy()
  })

  it('a refused clipboard says so and selects the CID for Ctrl+C', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({
      writeText: async () => {
        throw new DOMException('denied', 'NotAllowedError')
      },
    } as unknown as Clipboard)
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' })
    await act(async () => {
      fireEvent.click(within(row(id)).getByRole('button', { name: 'Copy CID' }))
    })
    expect(within(row(id)).getByRole('button', { name: 'Copy failed: press Ctrl+C' })).toBeTruthy()
    expect(getSelection()?.toString()).toBe(CID)
  })

  it('GCS: finalUrl as a link, the category, the Content-Type and the stored name', () => {
    const { uppy, id, file } = setup('my cat.png')
    render(<UploadResults uppy={uppy} />)
    const finalUrl = 'https://static.test/srr-images/0xabc/my-cat-1.png'
    const body = { finalUrl, contentType: 'image/png', fileName: 'my-cat-1.png', category: 'artwork' }
    succeed(uppy, file(), body, finalUrl)

    const item = within(row(id))
    const link = item.getByTestId('final-url')
    expect(link.tagName).toBe('A')
    expect(link.getAttribute('href')).toBe(finalUrl)
    expect(link.textContent).toBe(finalUrl)
    expect(item.getByText('Content-Type')).toBeTruthy()
    expect(item.getByText('image/png')).toBeTruthy()
    expect(item.getByTestId('stored-as').textContent).toBe('my-cat-1.png')
    expect(item.getByText('Category')).toBeTruthy()
    expect(item.getByTestId('category').textContent).toBe('artwork')
    expect(item.queryByTestId('cid')).toBeNull()
  })

  it('Leonardo: the image id in <code> and the object’s location', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    const location = 'https://s3.test/uploads/init/abc.png'
    succeed(uppy, file(), { id: 'b1a2c3d4-0000-4000-8000-000000000001', key: 'init/abc.png', location }, location)

    const item = within(row(id))
    expect(item.getByTestId('image-id').tagName).toBe('CODE')
    expect(item.getByTestId('image-id').textContent).toBe('b1a2c3d4-0000-4000-8000-000000000001')
    expect(item.getByTestId('location').getAttribute('href')).toBe(location)
  })

  it('Typebot: fileUrl as a link, and its location only when it points elsewhere', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    const fileUrl = 'https://s3.test/uploads/public/tmp/sessions/s1/cat.png'
    succeed(uppy, file(), { fileUrl, key: 'public/tmp/sessions/s1/cat.png', location: fileUrl }, fileUrl)

    const item = within(row(id))
    expect(item.getByTestId('file-url').getAttribute('href')).toBe(fileUrl)
    expect(item.queryByTestId('location')).toBeNull()
  })

  it('never links a URL that is not http(s)', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    succeed(uppy, file(), { finalUrl: 'javascript:alert(1)', fileUrl: 'data:text/html,<script>alert(1)</script>' })
    expect(row(id).querySelectorAll('a')).toHaveLength(0)
  })

  it('an error: the UploadError’s message in an alert, its hint on its own line, and Retry calls retryUpload', async () => {
    const { uppy, id, file } = setup('cat.png')
    const retryUpload = vi.spyOn(uppy, 'retryUpload').mockResolvedValue(undefined)
    render(<UploadResults uppy={uppy} />)
    const hint = 'Retry later; the storage asked to slow down.'
    const message = `cat.png: the storage answered 503 (SlowDown). ${hint}`
    act(() => {
      uppy.emit('upload-start', [file()])
      uppy.emit('upload-error', file(), new UploadError(message, { kind: 'rate-limited', retryable: true, hint }))
    })

    const item = row(id)
    expect(item.dataset.status).toBe('error')
    expect(item.dataset.errorKind).toBe('rate-limited')
    const alert = within(item).getByRole('alert')
    expect(alert.tagName).toBe('P')
    expect(alert.textContent).toBe(message)
    expect(within(alert).getByText(hint).tagName).toBe('SPAN')
    expect(within(item).getByText('Failed')).toBeTruthy()

    fireEvent.click(within(item).getByRole('button', { name: 'Retry' }))
    expect(retryUpload).toHaveBeenCalledExactlyOnceWith(id)
  })

  it('an error that is not an UploadError still shows its message', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    act(() => {
      uppy.emit('upload-error', file(), new Error('Network request failed'))
    })
    expect(within(row(id)).getByRole('alert').textContent).toBe('Network request failed')
  })

  it('a retry clears the error, and a success replaces it', () => {
    const { uppy, id, file } = setup()
    render(<UploadResults uppy={uppy} />)
    act(() => {
      uppy.emit('upload-error', file(), new UploadError('cat.png: failed.', { kind: 'server', retryable: true }))
    })
    expect(row(id).dataset.status).toBe('error')
    vi.spyOn(uppy, 'upload').mockResolvedValue(undefined)
    act(() => {
      // What retryUpload does to the file's state before its new upload starts.
      uppy.setFileState(id, { error: null })
      uppy.emit('upload-retry', file())
    })
    expect(within(row(id)).queryByRole('alert')).toBeNull()
    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' })
    expect(row(id).dataset.status).toBe('success')
    expect(row(id).dataset.errorKind).toBeUndefined()
  })

  it('an SVG’s thumbnail is an <img> of an object URL, never its markup; the URL is revoked on unmount', async () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    const revoke = vi.spyOn(URL, 'revokeObjectURL')
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect/></svg>'
    const { uppy, id } = setup('evil.svg', 'image/svg+xml', svg)
    const { unmount } = render(<UploadResults uppy={uppy} />)

    const item = row(id)
    const img = item.querySelector('img')
    expect(img).not.toBeNull()
    expect(img?.getAttribute('alt')).toBe('')
    const src = img?.getAttribute('src') ?? ''
    expect(src.startsWith('blob:')).toBe(true)
    expect(create).toHaveBeenCalledTimes(1)
    expect(item.querySelector('svg, script, object, iframe, embed')).toBeNull()
    expect(item.innerHTML).not.toContain('<script')

    unmount()
    expect(revoke).toHaveBeenCalledWith(src)
  })

  it('shows the extension instead of an image the browser cannot decode', () => {
    const { uppy, id } = setup('broken.png', 'image/png', 'not a png')
    render(<UploadResults uppy={uppy} />)
    const img = row(id).querySelector('img') as HTMLImageElement
    fireEvent.error(img)
    expect(row(id).querySelector('img')).toBeNull()
    expect(row(id).textContent).toContain('PNG')
  })

  it('revokes a thumbnail when its file is removed, and makes none for a non-image', () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL')
    const { uppy, id } = setup('cat.png', 'image/png')
    act(() => {
      uppy.addFile({ name: 'notes.pdf', type: 'application/pdf', data: new Blob(['%PDF']), source: 'test' })
    })
    render(<UploadResults uppy={uppy} />)
    const pdf = document.querySelectorAll('li')[1] as HTMLElement
    expect(pdf.querySelector('img')).toBeNull()
    expect(pdf.textContent).toContain('PDF')

    const src = row(id).querySelector('img')?.getAttribute('src')
    act(() => uppy.removeFile(id))
    expect(revoke).toHaveBeenCalledWith(src)
  })

  it('passes the theme as data-theme and takes replacement words', () => {
    const { uppy } = setup()
    render(<UploadResults uppy={uppy} theme="dark" strings={{ title: 'Résultats', waiting: 'En attente' }} />)
    const region = screen.getByRole('region', { name: 'Résultats' })
    expect(region.dataset.theme).toBe('dark')
    expect(within(region).getByText('En attente')).toBeTruthy()
  })
})

describe('useUploadResults', () => {
  it('gives one item per file with status, progress, body, uploadURL and error details', () => {
    const { uppy, id, file } = setup('cat.png', 'image/png')
    const other = uppy.addFile({ name: 'dog.png', type: 'image/png', data: new Blob(['dog']), source: 'test' })
    const { result } = renderHook(() => useUploadResults(uppy))
    expect(result.current.map((item) => [item.name, item.status, item.progress])).toEqual([
      ['cat.png', 'waiting', 0],
      ['dog.png', 'waiting', 0],
    ])

    succeed(uppy, file(), { cid: CID, url: 'https://bucket.test/cat.png' }, `${GATEWAY}${CID}`)
    act(() => {
      uppy.emit(
        'upload-error',
        uppy.getFile(other),
        new UploadError('dog.png: refused.', { kind: 'presign', retryable: false, hint: 'Check the proxy.' }),
      )
    })
    const [cat, dog] = result.current
    expect(cat).toMatchObject({
      id,
      name: 'cat.png',
      type: 'image/png',
      size: 9,
      status: 'success',
      progress: 100,
      body: { cid: CID, url: 'https://bucket.test/cat.png' },
      uploadURL: `${GATEWAY}${CID}`,
    })
    expect(cat?.previewUrl?.startsWith('blob:')).toBe(true)
    expect(cat?.error).toBeUndefined()
    expect(dog).toMatchObject({
      status: 'error',
      error: { message: 'dog.png: refused.', kind: 'presign', hint: 'Check the proxy.' },
    })
    expect(dog?.body).toBeUndefined()
  })
})
