export default {
  strings: {
    // A file whose type the IPFS presign API refuses; %{types} lists the accepted ones.
    typeNotAccepted: '%{name}: %{type} cannot be uploaded here; accepted types: %{types}.',
    // The presign answer does not have the shape the plugin expects; %{names} are the files it was for, %{problem}
    // says what is wrong.
    malformedPresign:
      '%{names}: the presign response could not be used: %{problem}. Check what the presign endpoint returns.',
  },
}
