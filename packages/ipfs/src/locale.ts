export default {
  strings: {
    // A file whose type the IPFS presign API refuses; %{types} lists the accepted ones.
    typeNotAccepted: '%{name}: %{type} cannot be uploaded here; accepted types: %{types}.',
    // The presign answer does not have the shape the plugin expects; %{problem} says what is wrong.
    malformedPresign: 'The presign response could not be used: %{problem}',
  },
}
