import { brokenNameRules, displayFileName, type FileNameRules } from './file-names.ts'

/** What is wrong with a name under these rules, one message per broken rule naming it; [] when nothing is. */
export function describeNameProblems(name: string, rules: FileNameRules): string[] {
  const text = String(name ?? '')
  const shown = `"${displayFileName(text)}"`
  return brokenNameRules(text, rules).map((rule) =>
    rule === 'noSpaces'
      ? `${shown} contains spaces, and file names here may not (rule noSpaces): rename it without spaces, e.g. "${displayFileName(text.trim().replace(/\s+/gu, '-'))}".`
      : `${shown} has no file extension, and file names here need one (rule needsExtension): add the one that matches the file's type, e.g. ".jpg" or ".pdf".`,
  )
}
