import type { Explain, Translate } from '@uppy-presign/core'
import { CidMismatchError } from './cid-mismatch-error.ts'
import type { ComputedCid } from './cid-of-stream.ts'
import type { CidProfile } from './cid-profiles.ts'
import { CidWorkerFailed } from './cid-worker-failed.ts'
import type locale from './locale.ts'

type Strings = keyof typeof locale.strings

export interface CidCheckInput {
  fileName: string
  /** The gateway's CID header, or null when absent or hidden by CORS. */
  gatewayCid: string | null
  cidHeader: string
  profile: CidProfile
  /** The file's own CID being computed (`computeCidSpellings`), started while it uploaded. */
  computing: Promise<unknown> | undefined
  i18n: (key: Strings, options?: Parameters<Translate>[1]) => string
  /** Words the hidden-header failure, in the plugin's locale. */
  explain: Explain
  /** Where a success that still needs the developer's attention is reported (Uppy's log, as a warning). */
  warn: (message: string) => void
}

/** What `verifyCid` adds to an IPFS result: the CID to keep, and whether the gateway's was checked. */
export interface CheckedCid {
  cid: string
  cidVerified: boolean
  cidUnverifiedReason?: string
}

/**
 * The gateway's CID against the file's own: equal → verified; different → `CidMismatchError`; the gateway's hidden by
 * CORS → the file's own, unverified, with the CORS rule to add; the file's not computable → the gateway's, unverified.
 */
export async function checkCid(input: CidCheckInput): Promise<CheckedCid> {
  const { fileName, gatewayCid, cidHeader, profile, i18n } = input
  let local: ComputedCid | undefined
  let failure: unknown
  try {
    local = (await input.computing) as ComputedCid | undefined
  } catch (error) {
    failure = error
  }
  if (!gatewayCid) {
    const hidden = await input.explain('hiddenHeader', { fileName, header: cidHeader })
    // Neither CID: nothing usable to report, so the diagnosis stays an error.
    if (!local) throw hidden
    const reason = i18n('cidNotConfirmed', { header: cidHeader, hint: hidden.info.hint ?? '' })
    input.warn(`${fileName}: ${reason}`)
    return { cid: local.cid, cidVerified: false, cidUnverifiedReason: reason }
  }
  if (!local) {
    const why =
      failure instanceof CidWorkerFailed
        ? i18n('cidWorkerFailed', {
            reason: failure.blockedBy
              ? i18n('cidWorkerBlocked', { directive: failure.blockedBy })
              : failure.message || i18n('cidWorkerNotLoaded'),
          })
        : failure instanceof Error
          ? failure.message
          : String(failure)
    const reason = i18n('cidNotComputed', { reason: why })
    input.warn(`${fileName}: ${reason}`)
    return { cid: gatewayCid, cidVerified: false, cidUnverifiedReason: reason }
  }
  if (!local.spellings.includes(gatewayCid)) {
    const hint = i18n('cidMismatchHint')
    const message = i18n('cidMismatch', { name: fileName, gatewayCid, localCid: local.cid, profile, hint })
    throw new CidMismatchError(message, fileName, gatewayCid, local.cid, profile, hint)
  }
  return { cid: gatewayCid, cidVerified: true }
}
