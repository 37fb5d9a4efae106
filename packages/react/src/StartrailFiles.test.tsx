import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Uppy, { type Body, type Meta } from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import type { SignedRead, StartrailReads, StoredFile } from '@uppy-presign/gcs'
import { StrictMode } from 'react'
import { describe, expect, it } from 'vitest'
import { storedFileOf } from './StartrailDownloadButton.tsx'
import { StartrailFiles } from './StartrailFiles.tsx'
import { UploadResults } from './UploadResults.tsx'

/**
 * The read client as the components see it (its interface): each call recorded, each download answered by `answer`
 * (bytes, or an error), so the states between signing and done can be held and looked at.
 */
function fakeReads(answer: (file: StoredFile, attempt: number) => Promise<Blob>) {
  const calls: string[] = []
  const attempts = new Map<string, number>()
  const contentTypeOf = (name: string) => (name.endsWith('.png') ? 'image/png' : 'application/pdf')
  const reads: StartrailReads = {
    async sign(files) {
      calls.push(`sign ${files.map((f) => f.fileName).join(',')}`)
      return files.map(
        (f): SignedRead => ({
          fileName: f.fileName,
          category: f.category ?? 'artwork',
          contentType: contentTypeOf(f.fileName),
          url: `https://storage.example/${f.fileName}`,
          headers: { 'Content-Type': contentTypeOf(f.fileName) },
        }),
      )
    },
    async download(file) {
      calls.push(`download ${file.fileName}`)
      const attempt = (attempts.get(file.fileName) ?? 0) + 1
      attempts.set(file.fileName, attempt)
      return answer(file, attempt)
    },
    async objectUrl() {
      throw new Error('not used by the components')
    },
    async save() {
      throw new Error('not used by the components')
    },
  }
  return { reads, calls }
}

const bytes = (name: string) => Promise.resolve(new Blob([`bytes of ${name}`], { type: 'image/png' }))

describe('<StartrailFiles>', () => {
  it('previews images as soon as they are listed; other files wait for Download', async () => {
    const { reads, calls } = fakeReads((file) => bytes(file.fileName))
    render(<StartrailFiles reads={reads} files={[{ fileName: 'a.png' }, { fileName: 'terms.pdf' }]} />)
    const list = screen.getByRole('region', { name: 'Stored files' })
    const preview = await within(list).findByRole('img', { name: 'Preview of a.png' })
    expect(preview.getAttribute('src')).toMatch(/^blob:/)
    expect(calls).toEqual(['sign a.png', 'download a.png'])
    // Signed under the client's category: the row says which.
    const imageRow = list.querySelector('li[data-file-key="a.png"]') as HTMLElement
    expect(within(imageRow).getByText('artwork')).toBeTruthy()
    const pdf = list.querySelector('li[data-file-key="terms.pdf"]') as HTMLElement
    expect(pdf.dataset.status).toBe('idle')
    expect(within(pdf).getByText('Stored')).toBeTruthy()
    expect(within(pdf).getByRole('button', { name: 'Download' })).toBeTruthy()
  })

  it('shows signing, then downloading, then done', async () => {
    let release: (blob: Blob) => void = () => {}
    const { reads } = fakeReads(() => new Promise<Blob>((resolve) => (release = resolve)))
    render(<StartrailFiles reads={reads} files={[{ fileName: 'a.png', category: 'certificate' }]} />)
    const row = () => document.querySelector('li[data-file-key="certificate/a.png"]') as HTMLElement
    await waitFor(() => expect(row().dataset.status).toBe('downloading'))
    const button = within(row()).getByRole('button', { name: 'Downloading' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(within(row()).getByText('certificate')).toBeTruthy()
    expect(within(row()).getByText('image/png')).toBeTruthy()
    await act(async () => release(await bytes('a.png')))
    await waitFor(() => expect(row().dataset.status).toBe('done'))
    expect(within(row()).getByText('Downloaded')).toBeTruthy()
  })

  it('a failed read shows the error word for word, and Retry reads it again', async () => {
    const error = new UploadError('ghost.png (artwork): nothing is stored under this name (404 NoSuchKey).', {
      kind: 'storage',
      fileName: 'ghost.png',
      status: 404,
      retryable: false,
    })
    const { reads, calls } = fakeReads((file, attempt) =>
      attempt === 1 ? Promise.reject(error) : bytes(file.fileName),
    )
    render(<StartrailFiles reads={reads} files={[{ fileName: 'ghost.png' }]} />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(error.message)
    const row = document.querySelector('li[data-file-key="ghost.png"]') as HTMLElement
    expect(row.dataset.errorKind).toBe('storage')
    fireEvent.click(within(row).getByRole('button', { name: 'Retry' }))
    await screen.findByRole('img', { name: 'Preview of ghost.png' })
    expect(screen.queryByRole('alert')).toBeNull()
    expect(calls.filter((c) => c.startsWith('download'))).toHaveLength(2)
  })

  it('under StrictMode (mount, unmount, mount) the preview still arrives, with no error', async () => {
    const { reads } = fakeReads((file) => bytes(file.fileName))
    render(
      <StrictMode>
        <StartrailFiles reads={reads} files={[{ fileName: 'a.png' }]} />
      </StrictMode>,
    )
    const preview = await screen.findByRole('img', { name: 'Preview of a.png' })
    expect(preview.getAttribute('src')).toMatch(/^blob:/)
    const row = document.querySelector('li[data-file-key="a.png"]') as HTMLElement
    await waitFor(() => expect(row.dataset.status).toBe('done'))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('renders nothing for an empty list', () => {
    const { reads } = fakeReads((file) => bytes(file.fileName))
    const { container } = render(<StartrailFiles reads={reads} files={[]} />)
    expect(container.innerHTML).toBe('')
  })
})

describe('UploadResults renderExtra', () => {
  it('is drawn per row with the id of the element naming the file; it decides by status what to draw', () => {
    const uppy = new Uppy<Meta, Body>({ logger: { debug: () => {}, warn: () => {}, error: () => {} } })
    const stored = uppy.addFile({ name: 'a.png', type: 'image/png', data: new Blob(['a']), source: 'test' })
    const failed = uppy.addFile({ name: 'b.png', type: 'image/png', data: new Blob(['b']), source: 'test' })
    render(
      <UploadResults
        uppy={uppy}
        renderExtra={(item, { nameId }) =>
          item.status === 'success' ? (
            <button type="button" aria-describedby={nameId}>
              {`Act on ${item.body?.fileName}`}
            </button>
          ) : undefined
        }
      />,
    )
    act(() => {
      uppy.emit('upload-success', uppy.getFile(stored), {
        status: 200,
        body: { fileName: 'a-1.png', contentType: 'image/png', finalUrl: 'https://static.example/a-1.png' },
        uploadURL: 'https://static.example/a-1.png',
      })
      uppy.emit('upload-error', uppy.getFile(failed), new Error('refused'))
    })
    const button = screen.getByRole('button', { name: 'Act on a-1.png' })
    expect(button.closest('li')?.dataset.fileId).toBe(stored)
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('a.png')
    expect(screen.getAllByRole('button', { name: /^Act on/ })).toHaveLength(1)
  })

  it('storedFileOf reads a GCS result, and nothing else', () => {
    const base = { id: '1', name: 'a.png', type: 'image/png', size: 1, progress: 100 }
    expect(
      storedFileOf({
        ...base,
        status: 'success',
        body: { fileName: 'a-1.png', contentType: 'image/png', finalUrl: 'https://x/a-1.png', category: 'certificate' },
      }),
    ).toEqual({ fileName: 'a-1.png', category: 'certificate', contentType: 'image/png', finalUrl: 'https://x/a-1.png' })
    expect(storedFileOf({ ...base, status: 'success', body: { cid: 'Qm' } })).toBeUndefined()
    expect(storedFileOf({ ...base, status: 'error', body: { fileName: 'a-1.png' } })).toBeUndefined()
  })
})
