// The English words of every failure, an Uppy locale: an app overrides any of them with its own locale (Uppy's, or the
// plugin's `locale` option). Imported by `failure-messages.ts` alone, so they load with it, on the first failure.
//
// Placeholders mean the same in every string: %{name} one file's name, %{names} a list of them; %{status} an HTTP
// status; %{said} what the other side answered, as it put it (`403 AccessDenied: Request has expired`); %{message}
// the other side's own words (a storage's <Message>, a vendor's issue, a piece of a raw answer); %{header} a header
// name; %{size}, %{max}, %{min} exact byte counts and %{sizeRounded}, %{maxRounded}, %{minRounded} the same rounded
// (`32 MiB`); %{vendor} the presign API's name as users know it; %{reason} and %{hint} whole sentences of this locale,
// the first what went wrong, the second what to do.

export const failureStrings = {
  strings: {
    // Any storage failure but "no response": %{reason} says what the storage refused (a sentence, its full stop
    // added when it has none), %{hint} what to do.
    storageFailure: '%{name}: %{reason} %{hint}',
    // A reason followed by the other side's own words about it (%{message}).
    saying: '%{reason}: %{message}',

    // Lists. A batch of more than three files, named by its first three (%{names}); %{smart_count} is how many more.
    namesAndMore: '%{names} and %{smart_count} more',
    // A batch whose files are not named.
    theFiles: 'the files',
    // The end of a list of two or more: %{list} is all but the last, comma-separated; %{last} the last one.
    listAndLast: '%{list} and %{last}',
    // A header the storage received, with its value (%{value}).
    headerWithValue: '%{header} "%{value}"',

    // Signature mismatch reasons. %{header} is the header's name in lower case; %{signed} the value the URL was
    // signed for (from the presign response), %{sent} the value the upload set, %{received} the value the storage
    // says it received.
    // The storage refused the signature and gave nothing to compare.
    signatureRefused: 'the storage refused the signature',
    // The upload set the signed value; something on the way (the browser, a proxy) changed it.
    signatureChangedOnTheWay:
      'the storage refused the signature: the URL was signed for %{header} "%{signed}" and the upload set that, but the storage received "%{received}"',
    // The upload set another value than the one signed.
    signatureSentOther:
      'the storage refused the signature: the URL was signed for %{header} "%{signed}" but the upload sent "%{sent}"',
    // The upload did not send a header the URL was signed for.
    signatureSentNone:
      'the storage refused the signature: the URL was signed for %{header} "%{signed}" but the upload sent none',
    // Without the signed values: the URL signs a header the upload did not send.
    signatureNotSent: 'the storage refused the signature: the URL signs %{header}, but the upload did not send it',
    // Without the signed values: the storage received another value than the upload set.
    signatureSetOther:
      'the storage refused the signature: the upload set %{header} "%{sent}" but the storage received "%{received}"',
    // Without the signed values: the storage received a header the upload did not set (the browser filled it in).
    signatureFilledIn:
      'the storage refused the signature: the storage received %{header} "%{received}", which the upload did not set',
    // A proxy sent the request on with another Host: %{urlHost} is the URL's, %{receivedHost} the one received.
    signatureHostRewritten:
      'the storage refused the signature: the URL is for host "%{urlHost}" but the storage received host "%{receivedHost}"',
    // Nothing differs that can be seen: %{headers} are the headers the signature covers (a list ending with
    // listAndLast), %{received} their values as received (headerWithValue, comma-separated).
    signatureCoversReceived:
      'the storage refused the signature, which covers %{headers}; it received %{received}, so the URL was signed for other values or with other credentials',
    // The same, when the signature covers no header but Host.
    signatureCovers:
      'the storage refused the signature, which covers %{headers}, so the URL was signed for other values or with other credentials',
    // Who signed the header, in the sendHeaderExactly hints: GCS (the URL is a GCS V4 signed URL) …
    signerGcs: 'GCS signs it',
    // … or the URL (an S3 SigV4 presigned URL).
    signerUrl: 'the URL signs it',

    // Signature mismatch hints. %{header} is the header's name as usually written (`Content-Type`).
    // With nothing to compare.
    signatureCheckAll:
      "Send exactly the headers the presign response gave, use its URL unchanged, and check the signer's credentials.",
    // The upload sent the wrong value, or none; %{signer} is signerGcs or signerUrl.
    sendHeaderExactly: 'Send exactly the %{header} the presign response gave (%{signer}).',
    // The header the storage received may be wrong, or the credentials; %{signer} as above.
    sendHeaderExactlyElseCredentials:
      "Send exactly the %{header} the presign response gave (%{signer}). If that is what was sent, the signer's credentials are wrong.",
    // Something between the page and the storage changed the header.
    headerChangedOnTheWay:
      'Something between the page and the storage (the browser, a proxy) changed %{header}; the signature covers it, so it must arrive exactly as signed.',
    // The browser or a proxy filled in a header the upload did not set.
    setHeaderAsSigned:
      'Set %{header} to the value the URL was signed for: the browser or a proxy filled it in otherwise.',
    // A proxy rewrote Host.
    keepHost:
      'A proxy in between rewrote the Host header: send the upload to the signed URL directly, or keep Host unchanged.',
    // The signature covers no header that could be wrong.
    useUrlAndHeadersAsGiven:
      "Use the URL exactly as the presign response gave it, with its headers; if you did, the signer's credentials are wrong.",

    // GCS refused the signed headers themselves (MalformedSecurityHeader); %{message} is GCS's explanation,
    // %{parameter} the header it names.
    signedHeadersRefusedNaming: 'the storage refused the signed headers (%{parameter}): %{message}',
    // The same, naming no header.
    signedHeadersRefused: 'the storage refused the signed headers: %{message}',
    // What to do about it.
    sendSignedHeadersOnly:
      'Send every header the presign response gave, exactly, and no x-goog-* header it did not sign.',

    // The signed URL expired before the upload arrived.
    urlExpired: 'the upload URL expired before the upload reached the storage (%{said})',
    // The same, the storage saying when (%{at}).
    urlExpiredAt: 'the upload URL expired at %{at} before the upload reached the storage (%{said})',
    // The same, with the storage's clock at the time (%{storageTime}).
    urlExpiredAtStorageTime:
      'the upload URL expired at %{at} (storage time %{storageTime}) before the upload reached the storage (%{said})',
    // The upload form's policy (S3 POST) expired before the upload arrived.
    policyExpired: "the upload form's policy expired before the upload reached the storage (%{said})",
    // The same, the storage saying when (%{at}).
    policyExpiredAt: "the upload form's policy expired at %{at} before the upload reached the storage (%{said})",
    // The same, with the storage's clock at the time (%{storageTime}).
    policyExpiredAtStorageTime:
      "the upload form's policy expired at %{at} (storage time %{storageTime}) before the upload reached the storage (%{said})",
    // What to do about an expired URL or policy (the kit signs again by itself first).
    signAgain:
      "It must be signed again: uploads have to start before their signature lapses. If this repeats, check the device's clock and how long files wait between signing and sending.",

    // The storage refused an upload form against its policy; %{message} is the storage's words.
    policyRefused: 'the storage refused the upload form: %{message}',
    // The same, with the failed condition in words (%{condition}: one of the three below).
    policyRefusedBecause: 'the storage refused the upload form: %{message} (%{condition})',
    // A policy condition: form field %{field} must be exactly %{value}.
    policyRequiresEqual: 'the policy requires %{field} to be "%{value}"',
    // A policy condition: form field %{field} must start with %{value}.
    policyRequiresPrefix: 'the policy requires %{field} to start with "%{value}"',
    // A policy condition: the file's size must be from %{min} to %{max} bytes.
    policyAllowsSizes: 'the policy allows %{min} to %{max} bytes',
    // The form had fields (%{fields}, comma-separated) that the policy does not name.
    policyExtraFields: 'the form has fields the policy does not name: %{fields}',
    // What to do about a refused form.
    sendFormUnchanged:
      'Send every field of the presign response unchanged, fields first and the file last, with the type and size the policy allows.',

    // The storage refused the file as too large, without saying the sizes.
    tooLarge: 'the file is too large for the storage',
    // The same, with the sizes it said (%{limits}: fileHasSize and sizeAtMost, comma-separated).
    tooLargeLimits: 'the file is too large for the storage (%{limits})',
    // The storage refused the file as too small, without saying the sizes.
    tooSmall: 'the file is too small for the storage',
    // The same, with the sizes it said (%{limits}: fileHasSize and sizeAtLeast, comma-separated).
    tooSmallLimits: 'the file is too small for the storage (%{limits})',
    // A size limit's part: the file's size.
    fileHasSize: 'it has %{size} bytes (%{sizeRounded})',
    // A size limit's part: the largest size allowed.
    sizeAtMost: 'at most %{max} bytes (%{maxRounded}) allowed',
    // A size limit's part: the smallest size allowed.
    sizeAtLeast: 'at least %{min} bytes (%{minRounded}) required',
    // The file is empty, which the storage refuses.
    fileEmpty: 'the file is empty, and the storage refuses empty uploads',
    // What to do about a file too large.
    chooseSmallerFile: 'Choose a smaller file.',
    // What to do about a file too small.
    chooseLargerFile: 'Choose a larger file.',
    // What to do about an empty file.
    chooseNonEmptyFile: 'Choose a file that is not empty.',

    // The storage cannot read the signed URL's query parameters (AuthorizationQueryParametersError).
    signatureParametersUnreadable: "the storage cannot read the URL's signature parameters (%{said})",
    // What to do about it.
    useSignedUrlAsGiven:
      'Use the signed URL exactly as the presign response gave it; if you did, the signer builds it wrongly.',
    // The storage rate-limits (429, 503, SlowDown).
    storageSlowDown: 'the storage asked to slow down (%{said})',
    // What to do about it (the kit retries by itself first).
    tryAgainFewerFiles: 'Try again in a moment, or upload fewer files at once.',
    // The upload stopped before the whole file arrived (408, RequestTimeout, IncompleteBody).
    uploadBrokeOff: 'the upload broke off before the storage had the whole file (%{said})',
    // What to do about it (the kit retries by itself first).
    tryAgainSlowConnection: 'Try again; on a slow connection, upload fewer files at once.',
    // The storage failed (5xx).
    storageFailed: 'the storage failed (%{said})',
    // What to do about it.
    storageSideFailure: 'The failure is on the storage side; try again later.',
    // A 412 whose condition the storage names (%{message}: e.g. S3's for a POST that is not multipart).
    preconditionFailed: 'the storage refused the request (%{said}): %{message}',
    // What to do about it.
    sendAsDescribed: 'Send the upload as the presign response describes it.',
    // A 412 of a write that may not overwrite: the name is taken. %{said} is the status and code only.
    nameTaken: 'a file is already stored under this name and may not be overwritten (%{said})',
    // What to do about it.
    uploadUnderNewName: 'Upload it under a new name, e.g. with a unique suffix.',
    // Any other refusal: %{method} is PUT or POST, %{host} the storage's host (and port).
    storageRefusedMethodAt: 'the storage refused the %{method} to %{host} (%{said})',
    // The same, the host unknown.
    storageRefusedMethod: 'the storage refused the %{method} (%{said})',
    // The same, the method unknown.
    storageRefusedAt: 'the storage refused the upload to %{host} (%{said})',
    // The same, the method and the host unknown.
    storageRefused: 'the storage refused the upload (%{said})',
    // What to do about NoSuchBucket (or a bare 404).
    noSuchBucketHint:
      "The bucket or path in the signed URL does not exist: check the presign backend's bucket name and endpoint.",
    // What to do about InvalidAccessKeyId.
    invalidAccessKeyIdHint:
      "The URL was signed with an access key the storage does not know: check the presign backend's credentials.",
    // What to do about AccessDenied (or a bare 401 or 403).
    accessDeniedHint:
      'The URL does not allow this upload: check that it was signed for this method and object, by credentials allowed to write it.',
    // What to do about MissingContentLength (or a bare 411).
    missingContentLengthHint: 'Send the file with a known size (a Blob or File, not a stream).',
    // What to do about BadDigest.
    badDigestHint:
      'The bytes that arrived do not match their checksum: try again, and send no checksum header the presign response did not give.',
    // What to do about any other refusal.
    checkPresignAndStorage: 'Check the presign response and the storage settings.',

    // No answer at all from the storage (status 0): %{checks} lists the CORS settings to check (the three below,
    // comma-separated), %{host} is the storage's host (and port).
    noResponseAt:
      "%{name}: no response (status 0): the network failed, or the storage's CORS rules (at %{host}) do not allow this origin/method/headers; check %{checks}.",
    // The same, the storage's host unknown.
    noResponse:
      "%{name}: no response (status 0): the network failed, or the storage's CORS rules do not allow this origin/method/headers; check %{checks}.",
    // A CORS setting to check: %{origin} is the page's origin.
    corsAllowedOrigins: 'AllowedOrigins includes %{origin}',
    // A CORS setting to check: %{method} is the upload's method.
    corsAllowedMethods: 'AllowedMethods includes %{method}',
    // A CORS setting to check: %{headers} are the headers the upload set, comma-separated.
    corsAllowedHeaders: 'AllowedHeaders includes %{headers}',
    // The origin, when the page's is unknown (outside a browser).
    thisPageOrigin: "this page's origin",
    // The method, when the upload's is unknown.
    theUploadMethod: 'the upload method',
    // What to do about no answer (the kit retries by itself first).
    checkNetworkAndCors: 'Check the network, and the bucket CORS settings named above.',

    // The storage answered, but CORS hides the response header %{header} the flow needs; %{origin} is the page's.
    hiddenHeaderFor:
      '%{name}: the storage answered but the browser may not read %{header}: add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>%{header}</ExposeHeader>; GCS: "responseHeader": ["%{header}"]) in the rule for %{origin}. The file itself may already be stored.',
    // The same, the page's origin unknown.
    hiddenHeader:
      '%{name}: the storage answered but the browser may not read %{header}: add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>%{header}</ExposeHeader>; GCS: "responseHeader": ["%{header}"]). The file itself may already be stored.',
    // What to do about a hidden header, as the error's hint.
    exposeHeaderFor:
      'Add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>%{header}</ExposeHeader>; GCS: "responseHeader": ["%{header}"]) in the rule for %{origin}.',
    // The same, the page's origin unknown.
    exposeHeader:
      'Add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>%{header}</ExposeHeader>; GCS: "responseHeader": ["%{header}"]).',

    // A presign function threw (an app's own signer, a fetch that failed); %{cause} is its error's message, a
    // sentence.
    presignCallFailed:
      '%{names}: the presign call failed: %{cause} Check the presign function and the endpoint it calls.',
    // The presign answer has another number of signed uploads (%{uploads}) than files (%{files}).
    presignCountMismatch:
      '%{names}: the presign response has %{uploads} for %{files}; nothing can be matched safely. Check the presign endpoint.',
    // How many signed uploads a presign answer has, in presignCountMismatch.
    signedUploadCount: { 0: '%{smart_count} signed upload', 1: '%{smart_count} signed uploads' },
    // A presign answer with none, in presignCountMismatch.
    noSignedUploads: 'no signed uploads',
    // How many files a presign call was for, in presignCountMismatch.
    fileCount: { 0: '%{smart_count} file', 1: '%{smart_count} files' },
    // The presign answer's URL (%{url}, quoted, cut short) is not one to send a file to.
    unusablePresignUrl:
      '%{name}: the presign response gave %{url} as the upload URL, which is not an absolute http(s) URL, so nothing was sent. Check the presign endpoint.',
    // A file from a remote provider (Companion), which a presigned upload cannot take.
    remoteFile: '%{name}: files from remote providers are not supported by presigned uploads.',
    // A step of the upload failed with an error that is not ours to word (a chunk that would not load, a bug in a
    // flow); %{reason} is that error's own message.
    unexpected: '%{name}: %{reason}',
    // The presign API at %{url} did not answer.
    presignUnreachable:
      "%{names}: the %{vendor} presign request to %{url} got no response: the network failed, or the endpoint does not allow this page's origin (CORS). Check that the presign endpoint is reachable from the browser.",
    // The presign API answered 2xx (%{status}) with something else than JSON; %{message} is its start.
    presignNotJson: '%{names}: %{vendor} answered %{status} with something that is not JSON: %{message}',

    // A presign API's refusal: %{reason} says who refused what (a sentence), %{hint} what to do.
    presignFailure: '%{reason} %{hint}',
    // The presign API could not be reached (status 0).
    presignNoResponse: '%{vendor} could not be reached to sign %{names} (no response, status 0)',
    // The presign API failed (5xx); %{said} is the status and the vendor's error code.
    presignFailedStatus: '%{vendor} failed to sign %{names} (%{said})',
    // The presign API refused (any other status); %{said} is the status and the vendor's error code.
    presignRefusedStatus: '%{vendor} refused to sign %{names} (%{said})',
    // The presign API's name, when none was given.
    thePresignApi: 'The presign API',
    // One issue the vendor listed about one file of several (%{name}); %{message} is the vendor's words.
    issueOfFile: '%{name}: %{message}',
    // What to do about a presign API that did not answer.
    presignHintNoResponse: "The network failed, or the presign endpoint does not allow this page's origin (CORS).",
    // What to do about a 401 or 403 from it.
    presignHintCredentials: 'Its credentials were refused: check the API key or token the presign backend sends.',
    // What to do about a 404 from it.
    presignHintEndpoint:
      "Check the endpoint: it should be the vendor's documented base URL (or the app's proxy of it).",
    // What to do about a 413 from it.
    presignHintFewerFiles: 'Sign fewer files per call.',
    // What to do about a 429 from it.
    presignHintRateLimited: 'Wait and try again, or sign fewer files per call.',
    // What to do about a 5xx from it.
    presignHintVendorSide: "The failure is on the vendor's side; try again later.",
    // What to do about any other refusal.
    presignHintFixNamed: 'Fix what it names and try again.',
  },
}
