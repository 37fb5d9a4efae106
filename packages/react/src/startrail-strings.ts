/** Every word the stored-file list and the results panel's Download button show, for translation. */
export interface StartrailFilesStrings {
  /** The list's accessible name (its `aria-label`). */
  title: string
  /** Status of a file not read yet. */
  idle: string
  /** Status while its read URL is being signed. */
  signing: string
  /** Status while its bytes are being downloaded. */
  downloading: string
  /** Status once its bytes are in the page. */
  done: string
  /** Status of a file whose read failed. */
  error: string
  /** The button that saves the file (a browser download). */
  download: string
  /** The button after a failed read. */
  retry: string
  /** The image preview's alternative text; `{name}` is the file's name. */
  preview: string
}

export const defaultStartrailFilesStrings: StartrailFilesStrings = {
  title: 'Stored files',
  idle: 'Stored',
  signing: 'Signing',
  downloading: 'Downloading',
  done: 'Downloaded',
  error: 'Failed',
  download: 'Download',
  retry: 'Retry',
  preview: 'Preview of {name}',
}
