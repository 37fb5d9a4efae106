/** The longest run after the last dot still taken for an extension; past it, the dot is part of the name. */
const MAX_EXTENSION_LENGTH = 16
const EXTENSION = new RegExp(`^[A-Za-z0-9]{1,${MAX_EXTENSION_LENGTH}}$`)

/** Browsers hand over `C:\fakepath\x.png` in places, and names may arrive with either separator. */
const lastSegment = (name: string) => name.split(/[/\\]/).findLast(Boolean) ?? ''

/**
 * The extension of a file name: lower case, without the dot, '' if none. Unlike Node's `extname`, a name that is
 * only an extension (`.png`) has one: among uploads that is far more often a picture whose name got lost than a
 * dotfile, and the storage and vendors judge the file by it (Startrail requires one, Leonardo matches the bytes).
 */
export function extensionOf(name: string): string {
  const segment = lastSegment(String(name ?? '')).trim()
  const dot = segment.lastIndexOf('.')
  if (dot < 0) return ''
  const extension = segment.slice(dot + 1)
  return EXTENSION.test(extension) ? extension.toLowerCase() : ''
}

/**
 * Whether a name is one plain file name: not empty, no path separator (`/` or a backslash), no control character, not `.` or
 * `..`. Names that become object keys must be, or they could climb out of the folder they are put in or hide in a log.
 */
export const isPlainFileName = (name: string): boolean =>
  name !== '' && name !== '.' && name !== '..' && !/[\\/\u0000-\u001f\u007f]/u.test(name)
