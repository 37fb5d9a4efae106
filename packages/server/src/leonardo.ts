import {
  LEONARDO_EXTENSIONS,
  type LeonardoExtension,
  type LeonardoRequestProblem,
  leonardoDatasetProblems,
  leonardoErrorBody,
  leonardoGenerationProblems,
} from '@uppy-presign/vendors'
import { isRecord } from './json.ts'
import { createProxy, type RouteInput } from './proxy.ts'
import { type AllowPolicy, allows, assertSubset, isSafeId, Problems } from './rules.ts'
import type { CommonProxyOptions, ProxyHandler } from './types.ts'

export interface LeonardoProxyOptions extends CommonProxyOptions {
  /** The Leonardo API key, sent as `Authorization: Bearer …`. Stays on the server. */
  apiKey: string
  /**
   * What browsers may do. Presigning uploads (init images, dataset images) and reading an init image are allowed by
   * default; what spends credits or creates things (generations, datasets) is opt-in.
   */
  allow?: {
    /** Extensions an upload may declare: some of {@link LEONARDO_EXTENSIONS}. Default: all four. */
    extensions?: readonly LeonardoExtension[]
    /**
     * Datasets browsers may upload images into: a list of ids, or a predicate that may look at the request (whose
     * session it is). Default: any dataset of the key's account.
     */
    datasetIds?: AllowPolicy<string>
    /** Whether browsers may create datasets (`POST …/datasets`). Default: false. */
    createDatasets?: boolean
    /** Whether browsers may start generations and read them back (`…/generations`); they spend credits. Default: false. */
    generations?: boolean
  }
}

/** The shared rules' problems as the proxy's 400s. */
function malformed(found: LeonardoRequestProblem[]): Problems {
  const problems = new Problems()
  for (const { message, path } of found) problems.malformed(message, path)
  return problems
}

/**
 * A presign proxy for Leonardo.ai's REST API (`baseUrl` = `…/api/rest/v1`): `POST …/init-image`,
 * `POST …/datasets/{id}/upload` (`{extension}`), `GET …/init-image/{id}`, and when allowed `POST …/datasets`,
 * `POST …/generations`, `GET …/generations/{id}`.
 */
export function leonardoProxy(options: LeonardoProxyOptions): ProxyHandler {
  const allow = options.allow ?? {}
  const extensions: readonly string[] = allow.extensions ?? LEONARDO_EXTENSIONS
  assertSubset('allow.extensions', extensions, LEONARDO_EXTENSIONS)

  /** The upload body `{extension}`, checked and lower-cased as Leonardo reads it. */
  function requestedExtension(body: unknown, problems: Problems): string | undefined {
    const raw = isRecord(body) ? body.extension : undefined
    const extension = typeof raw === 'string' ? raw.toLowerCase() : undefined
    if (extension === undefined || !LEONARDO_EXTENSIONS.includes(extension as LeonardoExtension)) {
      problems.malformed(
        `extension must be one of ${LEONARDO_EXTENSIONS.join(', ')} (got ${JSON.stringify(raw)})`,
        '$.extension',
      )
    } else if (!extensions.includes(extension)) {
      problems.forbidden(
        `extension ${extension} is not allowed here (allow.extensions: ${extensions.join(', ')})`,
        '$.extension',
      )
    }
    return extension
  }

  function idParam(params: RouteInput['params'], name: string, problems: Problems): string {
    const id = params[0]
    if (id === undefined || !isSafeId(id)) {
      problems.malformed(`${name} ${JSON.stringify(id ?? '')} is not a valid id`, `$.${name}`)
    }
    return encodeURIComponent(id ?? '')
  }

  const generationsOff = allow.generations
    ? undefined
    : 'generations are not allowed here (allow.generations is not set: they spend credits)'

  return createProxy(
    {
      vendor: 'leonardo',
      label: 'Leonardo',
      errorBody: leonardoErrorBody,
      keyHeaders: { Authorization: `Bearer ${options.apiKey}` },
      secrets: [options.apiKey],
      routes: [
        {
          name: 'init-image',
          method: 'POST',
          suffix: /\/init-image$/,
          prepare({ body }) {
            const problems = new Problems()
            const extension = requestedExtension(body, problems)
            return problems.refusal() ?? { path: '/init-image', body: { extension } }
          },
        },
        {
          name: 'init-image/{id}',
          method: 'GET',
          suffix: /\/init-image\/([^/]+)$/,
          prepare({ params }) {
            const problems = new Problems()
            const id = idParam(params, 'id', problems)
            return problems.refusal() ?? { path: `/init-image/${id}` }
          },
        },
        {
          name: 'datasets',
          method: 'POST',
          suffix: /\/datasets$/,
          disabled: allow.createDatasets ? undefined : 'creating datasets is not allowed here (allow.createDatasets)',
          prepare({ body }) {
            const problems = malformed(leonardoDatasetProblems(body))
            const { name, description } = isRecord(body) ? body : {}
            return (
              problems.refusal() ?? {
                path: '/datasets',
                body: { name, ...(description === undefined ? {} : { description }) },
              }
            )
          },
        },
        {
          name: 'datasets/{id}/upload',
          method: 'POST',
          suffix: /\/datasets\/([^/]+)\/upload$/,
          async prepare({ params, body, request }) {
            const problems = new Problems()
            const datasetId = idParam(params, 'datasetId', problems)
            const extension = requestedExtension(body, problems)
            if (!problems.malformedCount && !(await allows(allow.datasetIds, params[0] ?? '', request))) {
              problems.forbidden(`dataset ${params[0]} is not allowed here (allow.datasetIds)`, '$.datasetId')
            }
            return problems.refusal() ?? { path: `/datasets/${datasetId}/upload`, body: { extension } }
          },
        },
        {
          name: 'generations',
          method: 'POST',
          suffix: /\/generations$/,
          disabled: generationsOff,
          prepare({ body }) {
            // The reference's rules (prompt required, sizes, init_strength …), worded as the browser kit words them.
            const problems = malformed(leonardoGenerationProblems(body))
            // Leonardo's generation options are many and growing: the app opted in to generations, so the
            // browser's parameters pass once the ones the proxy knows keep the reference's rules.
            return problems.refusal() ?? { path: '/generations', body }
          },
        },
        {
          name: 'generations/{id}',
          method: 'GET',
          suffix: /\/generations\/([^/]+)$/,
          disabled: generationsOff,
          prepare({ params }) {
            const problems = new Problems()
            const id = idParam(params, 'id', problems)
            return problems.refusal() ?? { path: `/generations/${id}` }
          },
        },
      ],
    },
    options,
  )
}
