/**
 * A `presign` that signs reads (`startrail({ action: 'read' })` marks its function with `action`) cannot upload:
 * every file would fail with a signature mismatch (a signed GET, not a PUT). Refused where the option is set, at
 * once, rather than for each file later; `who` names the API it was given to.
 */
export function refuseReadAdapter(presign: unknown, who: string): void {
  if (typeof presign === 'function' && (presign as { action?: unknown }).action === 'read') {
    throw new TypeError(
      `${who}: presign signs downloads (startrail({ action: 'read' })), not uploads; use startrail() here, startrailReads() to download.`,
    )
  }
}
