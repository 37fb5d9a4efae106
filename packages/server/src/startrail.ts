import {
  extensionOf,
  STARTRAIL_ACTIONS,
  STARTRAIL_CATEGORIES,
  type StartrailAction,
  type StartrailCategory,
  type StartrailNameRule,
  startrailErrorBody,
  startrailNameRulesBroken,
} from '@uppy-presign/vendors'
import { isRecord, refuse } from './json.ts'
import { createProxy } from './proxy.ts'
import { assertCount, assertSubset, normaliseExtension, Problems, plainNameProblem } from './rules.ts'
import type { CommonProxyOptions, ProxyHandler } from './types.ts'

/** Startrail documents no limit; one call should not sign more than a browser queue uploads in its 15 minutes. */
export const STARTRAIL_DEFAULT_MAX_FILES = 100

/** The doc's name rules in Startrail's own class-validator words: the vendor would refuse these names too. */
const NAME_RULE_SENTENCES: Record<StartrailNameRule, string> = {
  noSpaces: 'should not contain space',
  needsExtension: 'should contain the file extension',
}

export interface StartrailProxyOptions extends CommonProxyOptions {
  /** The Commerce API key, sent as `commerce-api-key`. Stays on the server. */
  apiKey: string
  /** The contract address of the key's owner, sent as `issuer-address`; browsers cannot choose another. */
  issuerAddress: string
  /** What browsers may ask to sign. Omitted lists allow all that Startrail accepts; see `actions` for reads. */
  allow?: {
    /** Categories a file may be signed for, checked per payload entry (one call may mix them). Default: all five. */
    categories?: readonly StartrailCategory[]
    /** File extensions (`jpg`, `.pdf`; any case) a file name may end with. Default: any. */
    extensions?: readonly string[]
    /** Files per call. Default: {@link STARTRAIL_DEFAULT_MAX_FILES}. */
    maxFiles?: number
    /**
     * Which signed URLs browsers may get. Default: `['write']` only — a `read` URL downloads any file of the
     * issuer by name, so reads are opt-in.
     */
    actions?: readonly StartrailAction[]
  }
}

/**
 * A presign proxy for Startrail's `POST <base_url>/port/api/v1/commerce/signedUrls`: checks the action, categories,
 * file names and count against `allow`, then calls Startrail with the key and issuer address.
 */
export function startrailProxy(options: StartrailProxyOptions): ProxyHandler {
  const categories: readonly string[] = options.allow?.categories ?? STARTRAIL_CATEGORIES
  const actions: readonly string[] = options.allow?.actions ?? ['write']
  const extensions = options.allow?.extensions?.map(normaliseExtension)
  const maxFiles = options.allow?.maxFiles ?? STARTRAIL_DEFAULT_MAX_FILES
  assertSubset('allow.categories', categories, STARTRAIL_CATEGORIES)
  assertSubset('allow.actions', actions, STARTRAIL_ACTIONS)
  assertCount('allow.maxFiles', options.allow?.maxFiles, Number.MAX_SAFE_INTEGER)

  return createProxy(
    {
      vendor: 'startrail',
      label: 'Startrail',
      errorBody: startrailErrorBody,
      keyHeaders: { 'commerce-api-key': options.apiKey, 'issuer-address': options.issuerAddress },
      // The issuer address is public (it is in every finalUrl); only the key is a secret.
      secrets: [options.apiKey],
      routes: [
        {
          name: 'port/api/v1/commerce/signedUrls',
          method: 'POST',
          suffix: /\/port\/api\/v1\/commerce\/signedUrls$/,
          prepare({ body }) {
            if (!isRecord(body)) return refuse(400, 'body must be a JSON object {action, payload}')
            const problems = new Problems()
            const { action, payload } = body
            if (!STARTRAIL_ACTIONS.includes(action as StartrailAction)) {
              problems.malformed('action must be one of the following values: write,read')
            } else if (!actions.includes(action as string)) {
              problems.forbidden(`action ${action} is not allowed here (allow.actions: ${actions.join(', ')})`)
            }
            if (!Array.isArray(payload)) {
              problems.malformed('payload must be an array')
              return problems.refusal() ?? refuse(400, 'payload must be an array')
            }
            if (payload.length === 0) problems.malformed('payload should not be empty')
            if (payload.length > maxFiles) {
              problems.forbidden(
                `payload: ${payload.length} files in one call; allow.maxFiles is ${maxFiles}; split the request`,
              )
            }
            for (const [i, entry] of payload.entries()) {
              if (!isRecord(entry)) {
                problems.malformed(`payload.${i} must be an object {filename, category}`)
                continue
              }
              const { filename, category } = entry
              const nameProblem = plainNameProblem(filename, `payload.${i}.filename`)
              if (nameProblem) problems.malformed(nameProblem)
              else {
                const name = filename as string
                const broken = startrailNameRulesBroken(name)
                for (const rule of broken) problems.malformed(`payload.${i}.filename ${NAME_RULE_SENTENCES[rule]}`)
                const extension = extensionOf(name)
                if (!broken.includes('needsExtension') && extensions && !extensions.includes(extension)) {
                  problems.forbidden(
                    `payload.${i}.filename ${name}: extension .${extension} is not allowed here (allow.extensions: ${extensions.join(', ')})`,
                  )
                }
              }
              if (!STARTRAIL_CATEGORIES.includes(category as StartrailCategory)) {
                problems.malformed(
                  `payload.${i}.category must be one of the following values: ${STARTRAIL_CATEGORIES.join(',')}`,
                )
              } else if (!categories.includes(category as string)) {
                problems.forbidden(
                  `payload.${i}.category ${category} is not allowed here (allow.categories: ${categories.join(', ')})`,
                )
              }
            }
            const refusal = problems.refusal()
            if (refusal) return refusal
            const entries = payload as Array<{ filename: string; category: string }>
            return {
              path: '/port/api/v1/commerce/signedUrls',
              body: { action, payload: entries.map(({ filename, category }) => ({ filename, category })) },
            }
          },
        },
      ],
    },
    options,
  )
}
