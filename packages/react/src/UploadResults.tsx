import type { Body, Meta, Uppy } from '@uppy/core'
import { displayFileName } from '@uppy-presign/core'
import { memo, type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { defaultUploadResultsStrings, type UploadResultsStrings } from './strings.ts'
import type { UploaderTheme, UploadResultItem } from './types.ts'
import { httpUrl, text } from './urls.ts'
import { useUploadResults } from './use-upload-results.ts'

export interface UploadResultsProps<M extends Meta = Meta, B extends Body = Body> {
  /** The Uppy instance whose files are shown (from `useUppyFlow`, or your own). */
  uppy: Uppy<M, B>
  /** An IPFS gateway prefix such as `https://ipfs.filebase.io/ipfs/`: a CID then also links to gateway + CID. */
  gateway?: string
  /** Colour scheme; `auto` follows `prefers-color-scheme`. Default `light`, as the Dashboard's. */
  theme?: UploaderTheme
  /** Replacements for the panel's words (labels, statuses, buttons). */
  strings?: Partial<UploadResultsStrings>
  /** Extra class names for the panel's `<section>`. */
  className?: string
  /**
   * More to show in a file's row, under what the flow gave back: `<S3PostUploader generate>` shows the Leonardo
   * generation of each uploaded init image here, `<GcsUploader reads>` a Download button. Gets the panel's words
   * and `nameId`, the id of the element naming the file (for `aria-describedby`). Keep it stable (`useCallback`):
   * rows redraw when it changes.
   */
  renderExtra?: RenderResultExtra<B>
}

/** More to show in one file's row of the results panel, whatever its status (check `item.status`). */
export type RenderResultExtra<B extends Body = Body> = (
  item: UploadResultItem<B>,
  context: { words: UploadResultsStrings; nameId: string },
) => ReactNode

/**
 * Per file: a thumbnail, the name, the status, and on success what the flow gave back (CID with `ipfs://` and
 * gateway links and a copy button, `finalUrl` / `fileUrl` / `location` links, Leonardo's image id, GCS's
 * category and Content-Type); on failure the error in words and a Retry button. Renders nothing while there are no files.
 */
export function UploadResults<M extends Meta, B extends Body>({
  uppy,
  gateway,
  theme = 'light',
  strings,
  className,
  renderExtra,
}: UploadResultsProps<M, B>) {
  const items = useUploadResults(uppy)
  // Stable across progress events, so rows whose file did not change are not drawn again (120 files: every
  // progress event of one file would otherwise re-render all 120 rows).
  const words = useMemo(() => ({ ...defaultUploadResultsStrings, ...strings }), [strings])
  // Uppy settles a failed retry through its own events; the promise's rejection would only be unhandled noise.
  const retry = useCallback(
    (id: string) => {
      uppy.retryUpload(id).catch(() => {})
    },
    [uppy],
  )
  if (items.length === 0) return null
  return (
    <section
      aria-label={words.title}
      className={['uppy-presign-results', className].filter(Boolean).join(' ')}
      data-theme={theme}
    >
      <ul className="uppy-presign-results__list">
        {items.map((item) => (
          <ResultRow
            key={item.id}
            item={item}
            gateway={gateway}
            words={words}
            onRetry={retry}
            renderExtra={renderExtra as RenderResultExtra | undefined}
          />
        ))}
      </ul>
    </section>
  )
}

/** CIDs are base58btc (`Qm…`) or multibase (`b…`, `z…`) strings: anything else is shown, never linked. */
const isCid = (value: string) => /^[A-Za-z0-9]+$/.test(value)

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let size = bytes / 1024
  let unit = 0
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024
    unit++
  }
  return `${size < 10 ? size.toFixed(1) : Math.round(size)} ${units[unit]}`
}

const extensionLabel = (name: string) => {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.length - dot <= 5 ? name.slice(dot + 1).toUpperCase() : 'FILE'
}

interface RowProps {
  item: UploadResultItem
  gateway: string | undefined
  words: UploadResultsStrings
  onRetry: (id: string) => void
  renderExtra: RenderResultExtra | undefined
}

/** What a row shows of its item: items are rebuilt on every Uppy event, so equality is by these fields. */
const sameItem = (a: UploadResultItem, b: UploadResultItem) =>
  a.id === b.id &&
  a.name === b.name &&
  a.status === b.status &&
  a.progress === b.progress &&
  a.size === b.size &&
  a.previewUrl === b.previewUrl &&
  a.body === b.body &&
  a.uploadURL === b.uploadURL &&
  a.error?.message === b.error?.message &&
  a.error?.kind === b.error?.kind

const ResultRow = memo(
  ResultRowView,
  (a, b) =>
    sameItem(a.item, b.item) &&
    a.gateway === b.gateway &&
    a.words === b.words &&
    a.onRetry === b.onRetry &&
    a.renderExtra === b.renderExtra,
)

function ResultRowView({ item, gateway, words, onRetry, renderExtra }: RowProps) {
  const nameId = useId()
  const name = displayFileName(item.name)
  return (
    <li
      className="uppy-presign-results__item"
      data-file-id={item.id}
      data-status={item.status}
      data-error-kind={item.error?.kind}
    >
      <Thumbnail url={item.previewUrl} name={item.name} />
      <div className="uppy-presign-results__main">
        <p className="uppy-presign-results__head">
          <span className="uppy-presign-results__name" id={nameId}>
            {name}
          </span>
          <span className="uppy-presign-results__meta">{formatSize(item.size)}</span>
          <Status item={item} words={words} nameId={nameId} />
        </p>
        {item.status === 'success' && <SuccessFacts item={item} gateway={gateway} words={words} nameId={nameId} />}
        {renderExtra?.(item, { words, nameId })}
        {item.status === 'error' && item.error && (
          <>
            <ErrorMessage error={item.error} />
            {/* The file itself breaks a rule: the same bytes would fail the same way, so no Retry is offered. */}
            {!FILE_RULE_KINDS.has(item.error.kind ?? '') && (
              <button
                type="button"
                className="uppy-presign-results__button"
                aria-describedby={nameId}
                onClick={() => onRetry(item.id)}
              >
                {words.retry}
              </button>
            )}
          </>
        )}
      </div>
    </li>
  )
}

/** The image, or the file's extension in a box when there is none or the browser cannot decode it. */
function Thumbnail({ url, name }: { url: string | undefined; name: string }) {
  const [failed, setFailed] = useState<string>()
  if (url && failed !== url) {
    // alt="": the name is written beside it; the image adds nothing a screen reader should read out.
    return (
      <img
        className="uppy-presign-results__thumb"
        src={url}
        alt=""
        width={48}
        height={48}
        onError={() => setFailed(url)}
      />
    )
  }
  return (
    <span className="uppy-presign-results__thumb uppy-presign-results__thumb--file" aria-hidden="true">
      {extensionLabel(name)}
    </span>
  )
}

function Status({ item, words, nameId }: { item: UploadResultItem; words: UploadResultsStrings; nameId: string }) {
  const label = words[item.status]
  return (
    <span className="uppy-presign-results__status" data-status={item.status}>
      {label}
      {item.status === 'uploading' && (
        <>
          {' '}
          <progress
            className="uppy-presign-results__progress"
            max={100}
            value={item.progress}
            aria-labelledby={nameId}
          />{' '}
          {item.progress}%
        </>
      )}
    </span>
  )
}

/**
 * The UploadError's message is written to end with its hint; the hint is set on its own line, and the alert's text
 * stays the message, word for word.
 */
/** Error kinds about the file itself (`UploadError` kinds from `@uppy-presign/core`). */
const FILE_RULE_KINDS = new Set(['invalid-file', 'too-large', 'too-small'])

function ErrorMessage({ error }: { error: NonNullable<UploadResultItem['error']> }) {
  const { message, hint } = error
  // The hint gets a line of its own when it closes the message; a message that already says it mid-sentence
  // must not say it twice.
  const endsWithHint = hint !== undefined && message.endsWith(hint)
  const lead = endsWithHint ? message.slice(0, -hint.length) : message
  const showHint = hint !== undefined && (endsWithHint || !message.toLowerCase().includes(hint.toLowerCase()))
  return (
    <p role="alert" className="uppy-presign-results__error">
      {lead}
      {showHint && <span className="uppy-presign-results__hint">{hint}</span>}
    </p>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="uppy-presign-results__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function ExternalLink({ href, testId }: { href: string; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid={testId}>
      {href}
    </a>
  )
}

function SuccessFacts({
  item,
  gateway,
  words,
  nameId,
}: {
  item: UploadResultItem
  gateway: string | undefined
  words: UploadResultsStrings
  nameId: string
}) {
  const body = item.body ?? {}
  const cid = text(body.cid)
  const finalUrl = httpUrl(body.finalUrl)
  const fileUrl = httpUrl(body.fileUrl)
  const location = httpUrl(body.location)
  const imageId = text(body.id)
  const contentType = text(body.contentType)
  const storedAs = text(body.fileName)
  const category = text(body.category)
  const gatewayBase = httpUrl(gateway)
  const uploadURL = cid || finalUrl || fileUrl || location ? undefined : httpUrl(item.uploadURL)
  return (
    <dl className="uppy-presign-results__facts">
      {cid && (
        <>
          <Fact label={words.cid}>
            <CopyableCid cid={cid} words={words} nameId={nameId} />
          </Fact>
          {isCid(cid) && (
            <Fact label={words.ipfsLink}>
              <a href={`ipfs://${cid}`} data-testid="ipfs-link">{`ipfs://${cid}`}</a>
            </Fact>
          )}
          {isCid(cid) && gatewayBase && (
            <Fact label={words.gatewayLink}>
              <ExternalLink href={`${gatewayBase}${cid}`} testId="gateway-link" />
            </Fact>
          )}
          <CidCheck body={body} words={words} />
        </>
      )}
      {finalUrl && (
        <Fact label={words.finalUrl}>
          <ExternalLink href={finalUrl} testId="final-url" />
        </Fact>
      )}
      {category && (
        <Fact label={words.category}>
          <code data-testid="category">{category}</code>
        </Fact>
      )}
      {contentType && <Fact label={words.contentType}>{contentType}</Fact>}
      {storedAs && (
        <Fact label={words.storedAs}>
          <code data-testid="stored-as">{storedAs}</code>
        </Fact>
      )}
      {imageId && (
        <Fact label={words.imageId}>
          <code data-testid="image-id">{imageId}</code>
        </Fact>
      )}
      {fileUrl && (
        <Fact label={words.fileUrl}>
          <ExternalLink href={fileUrl} testId="file-url" />
        </Fact>
      )}
      {/* Typebot's location is its fileUrl's object again: shown only when it says something new. */}
      {location && location !== fileUrl && (
        <Fact label={words.location}>
          <ExternalLink href={location} testId="location" />
        </Fact>
      )}
      {uploadURL && (
        <Fact label={words.uploadUrl}>
          <ExternalLink href={uploadURL} testId="upload-url" />
        </Fact>
      )}
    </dl>
  )
}

/**
 * `verifyCid`'s outcome (`cidVerified` in an IPFS result), in words, not by colour alone: verified, or not verified
 * and why. Nothing when the result was not checked.
 */
function CidCheck({ body, words }: { body: Record<string, unknown>; words: UploadResultsStrings }) {
  if (typeof body.cidVerified !== 'boolean') return null
  const reason = text(body.cidUnverifiedReason)
  return (
    <Fact label={words.cidCheck}>
      <span className="uppy-presign-results__check" data-verified={String(body.cidVerified)} data-testid="cid-check">
        {body.cidVerified ? words.cidVerified : words.cidNotVerified}
      </span>
      {!body.cidVerified && reason && <span className="uppy-presign-results__check-reason">{reason}</span>}
    </Fact>
  )
}

type CopyState = 'idle' | 'copied' | 'failed'

function CopyableCid({ cid, words, nameId }: { cid: string; words: UploadResultsStrings; nameId: string }) {
  const [state, setState] = useState<CopyState>('idle')
  const code = useRef<HTMLElement>(null)

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2500)
    return () => clearTimeout(timer)
  }, [state])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(cid)
      setState('copied')
    } catch {
      // No clipboard (an insecure origin, a denied permission): select the CID so Ctrl+C copies it.
      const selection = globalThis.getSelection?.()
      if (selection && code.current) selection.selectAllChildren(code.current)
      setState('failed')
    }
  }

  return (
    <>
      <code data-testid="cid" ref={code}>
        {cid}
      </code>{' '}
      <button
        type="button"
        className="uppy-presign-results__button"
        aria-describedby={nameId}
        // Announced when the label changes, since focus stays on the button.
        aria-live="polite"
        onClick={copy}
      >
        {state === 'copied' ? words.copied : state === 'failed' ? words.copyFailed : words.copyCid}
      </button>
    </>
  )
}
