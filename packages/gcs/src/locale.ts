export default {
  strings: {
    // Startrail's size rule ("filesize < 2^31"); %{size} is the file's size in bytes.
    tooLarge: '%{name} is %{size} bytes; Startrail accepts files smaller than 2 GiB (2^31 bytes).',
    // A file name that breaks Startrail's rules while automatic renaming is off; %{problems} lists them.
    badName:
      '%{name}: %{problems}. Rename the file, or turn on uniqueNames to let the uploader make a safe unique name.',
    // The presign answer does not have the shape the plugin expects; %{problem} says what is wrong.
    malformedPresign: 'The signed-URL response could not be used: %{problem}',
  },
}
