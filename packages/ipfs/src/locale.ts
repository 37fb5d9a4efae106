export default {
  strings: {
    // A file whose type the IPFS presign API refuses; %{types} lists the accepted ones.
    typeNotAccepted: '%{name}: %{type} cannot be uploaded here; accepted types: %{types}.',
    // A file whose name is no plain file name (it has "/", "\\" or a control character) and %{vendor} stores files
    // under their names; %{suggestion} is a safe name to rename it to.
    nameNotPlain:
      '%{name}: a file name here cannot contain "/", "\\" or control characters (%{vendor} stores the file under its name); rename it, e.g. %{suggestion}.',
    // %{vendor} of nameNotPlain for a presign function that does not say whose it is.
    theVendor: 'the presign API',
    // A file with no type (none given, no known extension) whose first bytes are no image type either; %{types}
    // lists the accepted ones.
    typeNotDetected: '%{name}: its type could not be told from its name or its bytes; accepted types: %{types}.',
    // The presign answer does not have the shape the plugin expects; %{names} are the files it was for, %{problem}
    // says what is wrong.
    malformedPresign:
      '%{names}: the presign response could not be used: %{problem}. Check what the presign endpoint returns.',
    // The %{problem} of malformedPresign when the answer is neither NFT2's { urls } nor a list.
    presignShapeExpected: 'expected { urls: [...] } or a list of { url, headers }',
    // The %{problem} of malformedPresign when entry %{index} (for file %{name}) has no URL.
    presignEntryWithoutUrl: 'entry %{index} (%{name}) has no URL',
    // verifyCid: the gateway's CID differs from the one computed in the browser from the file's bytes; %{gatewayCid}
    // and %{localCid} are both CIDs, %{profile} the CID profile used; ends with the hint below.
    cidMismatch:
      '%{name}: the gateway answered CID %{gatewayCid}, but the bytes of the file chosen give %{localCid} (CID profile %{profile}). %{hint}',
    // What to do about a CID mismatch.
    cidMismatchHint:
      'What the gateway stored is not exactly this file, or it builds CIDs another way: upload it again, and if this repeats, check that verifyCid.profile matches the gateway.',
    // verifyCid, when CORS hides the gateway's CID: the CID shown is the browser's own; %{header} is the hidden
    // header, %{hint} says which CORS rule to add.
    cidNotConfirmed:
      "The gateway's CID could not be read (CORS hides %{header}), so this CID was computed in the browser from the file and is not confirmed by the gateway. %{hint}",
    // The %{reason} of cidNotComputed when the CID worker could not run; its own %{reason} is the browser's words,
    // cidWorkerBlocked, or cidWorkerNotLoaded.
    cidWorkerFailed: 'the CID worker failed to run: %{reason}',
    // cidWorkerFailed's %{reason} when the page's Content-Security-Policy refused the worker; %{directive} is the
    // directive that refused it, as the browser reported it.
    cidWorkerBlocked:
      "the page's Content-Security-Policy refused it (%{directive}); the worker starts from a blob: URL, so allow blob: in worker-src",
    // cidWorkerFailed's %{reason} when the browser gives none.
    cidWorkerNotLoaded: 'the browser gave no reason',
    // verifyCid, when the browser could not compute the CID (the worker could not run, the file could not be read);
    // %{reason} says why. The CID shown is then the gateway's, unchecked.
    cidNotComputed:
      "The file's CID could not be computed in the browser (%{reason}), so the gateway's CID is not checked.",
  },
}
