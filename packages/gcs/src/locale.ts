export default {
  strings: {
    // The maxFileSize option (by default Startrail's "filesize < 2^31"); %{size} and %{max} are in bytes.
    tooLarge: '%{name} is %{size} bytes; files here must be at most %{max} bytes.',
    // A file name that breaks Startrail's rules while automatic renaming is off; %{problems} are whole sentences.
    badName:
      '%{name}: %{problems} Rename the file, or turn on uniqueNames to let the uploader make a safe unique name.',
    // A name renaming cannot repair (Startrail needs an extension, and a name cannot say which one the file should have).
    noExtension: '%{name}: %{problems}',
    // The signing answer cannot be used; %{name} is the file's own name (or the batch's names when the whole answer
    // is unusable), %{problem} says what is wrong (and names the file as it was signed).
    malformedPresignFor:
      '%{name}: the signed-URL response could not be used: %{problem}. Check what the signing endpoint returns.',
  },
}
