// Startrail `POST <base_url>/port/api/v1/commerce/signedUrls`:
// https://docs.startrail.io/issue-transfer-api/issue-and-transfer-srr-nft/request-signed-url-for-upload-download-files
import { extensionOf } from './file-names.ts'
import { readNestJsError } from './nestjs-error.ts'
import type { VendorErrorInput, VendorErrorReading } from './vendor-error.ts'

/** The categories the doc lists for `payload[*].category`; the category decides where `finalUrl` points. */
export const STARTRAIL_CATEGORIES = [
  'certificate',
  'for_authenticity',
  'artwork',
  'installation',
  'non_attachment_file',
] as const
export type StartrailCategory = (typeof STARTRAIL_CATEGORIES)[number]

/** `write` signs uploads, `read` signs downloads of stored files. */
export const STARTRAIL_ACTIONS = ['write', 'read'] as const
export type StartrailAction = (typeof STARTRAIL_ACTIONS)[number]

/** Documented: "filesize < 2^31". */
export const STARTRAIL_MAX_BYTES = 2 ** 31 - 1

export interface StartrailSignedUrlsRequest {
  action: StartrailAction
  payload: Array<{ filename: string; category: StartrailCategory }>
}

/** One result of `signedUrls`: send exactly `contentType` (it is signed); keep `finalUrl`. */
export interface StartrailResult {
  filename: string
  contentType: string
  url: string
  finalUrl: string
}

/** The 201 answer, one result per payload entry. */
export interface StartrailSignedUrlsResponse {
  results: StartrailResult[]
}

/** NestJS's shape: `message` the class-validator list on a 400, one string otherwise. */
export interface StartrailErrorBody {
  statusCode: number
  message: string | string[]
}

/** A refusal in Startrail's own error shape. */
export const startrailErrorBody = ({ status, problems }: VendorErrorInput): StartrailErrorBody => ({
  statusCode: status,
  message: status === 400 ? [...problems] : problems.join('; '),
})

/** A Startrail error answer (parsed JSON or its text); undefined when the body is not in Startrail's shape. */
export const readStartrailError = (body: unknown): VendorErrorReading | undefined => readNestJsError(body, 'payload')

/**
 * The doc's file-name rules: a name "should not contain space" and "should contain the file extension". (Its third,
 * unique per `issuer-address`, only Startrail can check.)
 */
export const STARTRAIL_NAME_RULES = ['noSpaces', 'needsExtension'] as const
export type StartrailNameRule = (typeof STARTRAIL_NAME_RULES)[number]

const BREAKS: Record<StartrailNameRule, (name: string) => boolean> = {
  noSpaces: (name) => /\s/u.test(name),
  needsExtension: (name) => extensionOf(name) === '',
}

/**
 * The rules a name breaks, [] when none. `allowSpaces` skips `noSpaces`, for a caller that will rename the file
 * before it is signed anyway.
 */
export function startrailNameRulesBroken(
  name: string,
  { allowSpaces = false }: { allowSpaces?: boolean } = {},
): StartrailNameRule[] {
  const text = String(name ?? '')
  return STARTRAIL_NAME_RULES.filter((rule) => !(rule === 'noSpaces' && allowSpaces) && BREAKS[rule](text))
}
