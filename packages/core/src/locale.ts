export default {
  strings: {
    // Uppy's warning when a file sends no bytes for a while (the request goes on); Uppy appends the file names.
    // %{seconds} is how long.
    uploadStalled: 'No upload progress for %{seconds} s:',
  },
}
