import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { GcsUploader, IpfsUploader, S3PostUploader } from './Uploaders.tsx'

/** What the components hand to the Dashboard and the results panel; real uploads are in the browser test. */

const presignIpfs = async () => ({ urls: [] as string[] })
const presignGcs = async () => []
const presignPost = async () => ({ url: 'https://bucket.test', fields: {} })

function addThroughDashboard(container: HTMLElement, file: File) {
  const input = [...container.querySelectorAll<HTMLInputElement>('input.uppy-Dashboard-input')].find(
    (el) => el.name === 'files[]' && !el.webkitdirectory,
  )
  if (!input) throw new Error('the Dashboard rendered no file input')
  act(() => {
    fireEvent.change(input, { target: { files: [file] } })
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
})
