import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'

/**
 * uniqueNames: false: the positions of files whose name another file of this Uppy holds (signed for it, not yet
 * uploaded nor failed): both would write one object, the later over the earlier. The other files' names are held by
 * them from now on, in `signedNames` (name → file id). Loaded only when names are sent as they are.
 */
export function namesHeldByOthers<M extends Meta, B extends Body>(
  uppy: Uppy<M, B>,
  signedNames: Map<string, string>,
  files: UppyFile<M, B>[],
  names: string[],
): number[] {
  const held: number[] = []
  for (const [i, name] of names.entries()) {
    const id = (files[i] as UppyFile<M, B>).id
    const holder = signedNames.get(name)
    const other = holder === undefined || holder === id ? undefined : uppy.getFile(holder)
    if (other && !other.progress.uploadComplete && !other.error) held.push(i)
    else signedNames.set(name, id)
  }
  return held
}
