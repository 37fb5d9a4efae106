import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import GcsSignedUrl, { startrail } from '@uppy-presign/gcs'
import { describe, expect, it, vi } from 'vitest'
import EchoUpload from '../test/echo-upload.ts'
import { GcsUploader, IpfsUploader, S3PostUploader } from './presets.tsx'
import type { UploadResultItem } from './types.ts'
import { Uploader } from './Uploader.tsx'

/** What the components hand to the Dashboard and the results panel; real uploads are in the browser test. */

const presignIpfs = async () => ({ urls: [] as string[] })
const presignGcs = async () => []
const presignPost = async () => ({ url: 'https://bucket.test', fields: {} })

function addThroughDashboard(container: HTMLElement, ...files: File[]) {
  const input = [...container.querySelectorAll<HTMLInputElement>('input.uppy-Dashboard-input')].find(
    (el) => el.name === 'files[]' && !el.webkitdirectory,
  )
  if (!input) throw new Error('the Dashboard rendered no file input')
  act(() => {
    fireEvent.change(input, { target: { files } })
  })
}

describe('uploader components', () => {
  it('mount an inline Dashboard with the theme, note, size and locale given, inside the wrapper', () => {
    const { container } = render(
      <IpfsUploader
        presign={presignIpfs}
        theme="dark"
        note="PNG, JPEG or SVG"
        height={320}
        width="100%"
        className="mine"
        locale={{ strings: { browseFiles: 'parcourez' }, pluralize: (n) => (n <= 1 ? 0 : 1) }}
      />,
    )
    const wrapper = container.firstElementChild as HTMLElement
    expect(wrapper.className).toBe('uppy-presign-uploader mine')
    expect(wrapper.dataset.theme).toBe('dark')
    expect(wrapper.style.getPropertyValue('--uppy-presign-width')).toBe('100%')
    const dashboard = container.querySelector('.uppy-Dashboard') as HTMLElement
    expect(dashboard).not.toBeNull()
    expect(dashboard.getAttribute('data-uppy-theme')).toBe('dark')
    expect(container.querySelector('.uppy-Dashboard-inner')?.getAttribute('style')).toContain('height: 320px')
    expect(container.textContent).toContain('PNG, JPEG or SVG')
    expect(container.textContent).toContain('parcourez')
  })

  it('show the results panel below the Dashboard once a file is added, themed like it', () => {
    const { container } = render(<GcsUploader presign={presignGcs} theme="auto" />)
    expect(screen.queryByRole('region', { name: 'Upload results' })).toBeNull()
    addThroughDashboard(container, new File(['x'], 'cat.png', { type: 'image/png' }))
    const region = screen.getByRole('region', { name: 'Upload results' })
    expect(region.dataset.theme).toBe('auto')
    expect(region.querySelector('li')?.textContent).toContain('cat.png')
  })

  it('leave the panel out with showResults={false}', async () => {
    const { container } = render(<S3PostUploader presign={presignPost} showResults={false} />)
    addThroughDashboard(container, new File(['x'], 'cat.png', { type: 'image/png' }))
    // The Dashboard (Preact) renders on its own schedule.
    await waitFor(() => expect(container.querySelector('.uppy-Dashboard-Item')?.textContent).toContain('cat.png'))
    expect(screen.queryByRole('region', { name: 'Upload results' })).toBeNull()
  })

  it('apply uppyOptions to the instance (here its restrictions)', () => {
    const { container } = render(
      <IpfsUploader presign={presignIpfs} uppyOptions={{ restrictions: { maxNumberOfFiles: 1 } }} />,
    )
    addThroughDashboard(container, new File(['x'], 'a.png', { type: 'image/png' }))
    addThroughDashboard(container, new File(['y'], 'b.png', { type: 'image/png' }))
    expect(screen.getByRole('region', { name: 'Upload results' }).querySelectorAll('li')).toHaveLength(1)
  })

  it('<Uploader> installs the plugin given with its options, here one of the three flows', async () => {
    const { container } = render(<Uploader plugin={GcsSignedUrl} presign={presignGcs} note="Artwork images" />)
    expect(container.querySelector('.uppy-Dashboard')).not.toBeNull()
    expect(container.textContent).toContain('Artwork images')
    addThroughDashboard(container, new File(['x'], 'cat.png', { type: 'image/png' }))
    expect(screen.getByRole('region', { name: 'Upload results' }).textContent).toContain('cat.png')
  })

  it('<Uploader> uploads with a plugin of the app’s own: results, onComplete and onError as for the flows', async () => {
    const onComplete = vi.fn<(items: UploadResultItem[]) => void>()
    const onError = vi.fn<(item: UploadResultItem, error: Error) => void>()
    const { container } = render(
      <Uploader
        plugin={EchoUpload}
        urlFor={(name) => `https://files.test/${name}`}
        refuse={(name) => (name.startsWith('bad') ? 'refused by the test' : undefined)}
        // Uppy logs every upload error to the console; the failure here is on purpose.
        uppyOptions={{ autoProceed: true, logger: { debug: () => {}, warn: () => {}, error: () => {} } }}
        onComplete={onComplete}
        onError={onError}
      />,
    )
    addThroughDashboard(
      container,
      new File(['x'], 'cat.png', { type: 'image/png' }),
      new File(['y'], 'bad.png', { type: 'image/png' }),
    )
    const link = await screen.findByTestId('file-url')
    expect(link.getAttribute('href')).toBe('https://files.test/cat.png')
    // Within the panel: the Dashboard announces the failure too, with an alert of its own.
    const panel = screen.getByRole('region', { name: 'Upload results' })
    expect((await within(panel).findByRole('alert')).textContent).toBe('bad.png: refused by the test')
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1))
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject([
      { name: 'cat.png', status: 'success', body: { fileUrl: 'https://files.test/cat.png' } },
      { name: 'bad.png', status: 'error', error: { message: 'bad.png: refused by the test' } },
    ])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ name: 'bad.png', status: 'error' })
  })

  // The picker itself is tested in Chromium (uploader.browser.test.tsx): the Dashboard's file editor needs a real DOM.
  it('<GcsUploader> without categoryPicker adds no field, so no Edit button', async () => {
    const { container } = render(
      <GcsUploader presign={startrail({ endpoint: 'http://unused.test', category: 'artwork' })} />,
    )
    addThroughDashboard(container, new File(['x'], 'a.png', { type: 'image/png' }))
    await waitFor(() => expect(container.querySelector('.uppy-Dashboard-Item')).not.toBeNull())
    expect(screen.queryByRole('button', { name: 'Edit file a.png' })).toBeNull()
  })
})
