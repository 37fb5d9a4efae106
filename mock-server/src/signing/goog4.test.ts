import { Storage } from '@google-cloud/storage'
import { describe, expect, it } from 'vitest'
import { verifyGoog4Query } from './goog4.ts'
import { generateRsaKeyPair, importRsaPublicKey, type RsaKeyPair } from './rsa-keys.ts'

const codeOf = (result: Awaited<ReturnType<typeof verifyGoog4Query>>) =>
  result.ok ? 'ok' : `${result.error.status} ${result.error.code}: ${result.error.message}`

// ---- Google's V4 signing conformance vectors ----
// Source: github.com/googleapis/conformance-tests, storage/v1/v4_signatures.json (commit 998891a),
// signed with the inactive dummy key storage/v1/test_service_account.not-a-test.json. Only the
// public half of that key is kept here (the SPKI of its private_key): verifying needs no more.
const CONFORMANCE_EMAIL = 'test-iam-credentials@dummy-project-id.iam.gserviceaccount.com'
const CONFORMANCE_PUBLIC_KEY = await importRsaPublicKey(
  [
    '-----BEGIN PUBLIC KEY-----',
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArD8zIqyKLbX0Nq8o0Jj1',
    'qHEhHhqO3+0OP7TEFx5Vxc6PdwBoFNrfnJRI/S+ZaDYS1avr5Pqpp8g8+UNOMvI1',
    'VsjGM8xjTaxkVv8mmKp6pSmQstTt25pzY1exA2wv4xNWSwWNFNx2kh35+kvTQ/DF',
    '3YA9P7pUU1sKur1PP8OoubWLFO59iy5UE5dX0O/3pjvZ2HAhSXsx2VWtB5nlrHR8',
    'FrKJNLJMEGEDSMz9yRfQaUeYCU9oDYHuiqKQ3rCXi6C82l+3FJw5/ggJ5y7iw8ME',
    'rCFSslcYQRbBVz6ZYKWkEcJhs8BG3/16bfaqNusNlDIJ99I7DmipUngF/HEulYhf',
    'rQIDAQAB',
    '-----END PUBLIC KEY-----',
  ].join('\n'),
)
const conformanceKey = (email: string) => (email === CONFORMANCE_EMAIL ? CONFORMANCE_PUBLIC_KEY : undefined)

interface Vector {
  description: string
  method: string
  timestamp: string
  expiration: number
  headers: Record<string, string>
  expectedUrl: string
  expectedCanonicalRequest: string
  expectedStringToSign: string
}

// A selection: every vector whose URL a server can check as received. Left out: headers whose
// names HTTP forbids ('header/name/with/slash'), and the universe-domain virtual-hosted vector,
// whose signed path is not the path of its URL.
const VECTORS: Vector[] = [
  {
    description: 'Simple GET',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=95e6a13d43a1d1962e667f17397f2b80ac9bdd1669210d5e08e0135df9dff4e56113485dbe429ca2266487b9d1796ebdee2d7cf682a6ef3bb9fbb4c351686fba90d7b621cf1c4eb1fdf126460dd25fa0837dfdde0a9fd98662ce60844c458448fb2b352c203d9969cb74efa4bdb742287744a4f2308afa4af0e0773f55e32e92973619249214b97283b2daa14195244444e33f938138d1e5f561088ce8011f4986dda33a556412594db7c12fc40e1ff3f1bedeb7a42f5bcda0b9567f17f65855f65071fabb88ea12371877f3f77f10e1466fff6ff6973b74a933322ff0949ce357e20abe96c3dd5cfab42c9c83e740a4d32b9e11e146f0eb3404d2e975896f74',
    expectedCanonicalRequest:
      'GET\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n00e2fb794ea93d7adb703edaebdd509821fcc7d4f1a79ac5c8d2b394df109320',
  },
  {
    description: 'Simple PUT',
    method: 'PUT',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=8adff1d4285739e31aa68e73767a46bc5511fde377497dbe08481bf5ceb34e29cc9a59921748d8ec3dd4085b7e9b7772a952afedfcdaecb3ae8352275b8b7c867f204e3db85076220a3127a8a9589302fc1181eae13b9b7fe41109ec8cdc93c1e8bac2d7a0cc32a109ca02d06957211326563ab3d3e678a0ba296e298b5fc5e14593c99d444c94724cc4be97015dbff1dca377b508fa0cb7169195de98d0e4ac96c42b918d28c8d92d33e1bd125ce0fb3cd7ad2c45dae65c22628378f6584971b8bf3945b26f2611eb651e9b6a8648970c1ecf386bb71327b082e7296c4e1ee2fc0bdd8983da80af375c817fb1ad491d0bc22c0f51dba0d66e2cffbc90803e47',
    expectedCanonicalRequest:
      'PUT\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n78742860705da91404222d5d66ff89850292471199c3c2808d116ad12e6177b4',
  },
  {
    description: 'POST for resumable uploads',
    method: 'POST',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: { 'X-Goog-Resumable': 'start' },
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host%3Bx-goog-resumable&X-Goog-Signature=4a6d39b23343cedf4c30782aed4b384001828c79ffa3a080a481ea01a640dea0a0ceb58d67a12cef3b243c3f036bb3799c6ee88e8db3eaf7d0bdd4b70a228d0736e07eaa1ee076aff5c6ce09dff1f1f03a0d8ead0d2893408dd3604fdabff553aa6d7af2da67cdba6790006a70240f96717b98f1a6ccb24f00940749599be7ef72aaa5358db63ddd54b2de9e2d6d6a586eac4fe25f36d86fc6ab150418e9c6fa01b732cded226c6d62fc95b72473a4cc55a8257482583fe66d9ab6ede909eb41516a8690946c3e87b0f2052eb0e97e012a14b2f721c42e6e19b8a1cd5658ea36264f10b9b1ada66b8ed5bf7ed7d1708377ac6e5fe608ae361fb594d2e5b24c54',
    expectedCanonicalRequest:
      'POST\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host%3Bx-goog-resumable\nhost:storage.googleapis.com\nx-goog-resumable:start\n\nhost;x-goog-resumable\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n877f8b40179d2753296f2fd6de815ab40503c7a3c446a7b44aa4e74422ff4daf',
  },
  {
    description: 'Forward Slashes should not be stripped',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://storage.googleapis.com/test-bucket//path/with/slashes/under_score/amper%26sand/file.ext?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=2db8b70e3f85b39be7824f6d02be31af2e6a2eb63f6bb41254851f7ef51bdad8963a9d2b254f8379c1780c8e6898be002d4100a0abd3d45f1437687fed65d15dd237c3a6f3c399c64ffd4e4cea7ef1c2f0391d35ecbeeaf3e3148d23c6f24c839cfcd92c1496332f5bfbbf1ed1e957eb45fad57df24828c96cf243eec23fba014d277c22a572708beb355888c5a8c0047cb3015d7f62cc90285676e7e34626fd0ce9ba5e0da39fc3de0035cc3ad120c46cb73db87246ae123f7a342c235e9480bd7d7e00c13b1e1bb7be5e2bce74d59a53505172463b48aefeedb48281d90874aa4177c881d3596ed1067f02eaac13d810a7aed234c41978b1394d0ce3662f76',
    expectedCanonicalRequest:
      'GET\n/test-bucket//path/with/slashes/under_score/amper%26sand/file.ext\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n63c601ecd6ccfec84f1113fc906609cbdf7651395f4300cecd96ddd2c35164f8',
  },
  {
    description: 'Headers should be trimmed',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: { collapsed: 'abc    def', leading: '    xyz', trailing: 'abc    ', tabs: '\tabc\t\t\t\tdef\t' },
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=collapsed%3Bhost%3Bleading%3Btabs%3Btrailing&X-Goog-Signature=75d77a3ed2d9b74ff7e1e23b2fd7cc714ad4cc32518c65f3a8197827cd87d302623bab990cf2ff3a633bfaae69b6c2d897add78c105aa68411229610421c4239579add4aff6bdbd5067a0fd61c3aa0029d7de0f8ae88fa3458fa70f875e841d6df9598597d9012b9f848c6857e08f2704ca2f332c71738490ffdda2ed928f9340549d7295745725062d28dc1696eab7cb3b88ac4fd445e951423f645d680a60dd8033d65b65f4c10286f59f4258dbb2bcf36a76ffdd40574104cbbf0b76901c24df5854f24c42e9192fcedc386d85704fec6a6bad3a5201e1fb6c491a4c43371b0913420743580daf3504e99204c6ec894b4d70cd27bc60c3fe2850e8bf3ed22',
    expectedCanonicalRequest:
      'GET\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=collapsed%3Bhost%3Bleading%3Btabs%3Btrailing\ncollapsed:abc def\nhost:storage.googleapis.com\nleading:xyz\ntabs:abc def\ntrailing:abc\n\ncollapsed;host;leading;tabs;trailing\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n19153e83555808dbfeb8969043cc8ce8d5db0cce91dc11fb9df58b8130f09d42',
  },
  {
    description: 'List Objects',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://storage.googleapis.com/test-bucket?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=6dbe94f8e52b2b8a9a476b1c857efa474e09944e2b52b925800316e094a7169d8dbe0df9c0ac08dabb22ac7e827470ceccd65f5a3eadba2a4fb9beebfe37f0d9bb1e552b851fa31a25045bdf019e507f5feb44f061551ef1aeb18dcec0e38ba2e2f77d560a46eaace9c56ed9aa642281301a9d848b0eb30749e34bc7f73a3d596240533466ff9b5f289cd0d4c845c7d96b82a35a5abd0c3aff83e4440ee6873e796087f43545544dc8c01afe1d79c726696b6f555371e491980e7ec145cca0803cf562c38f3fa1d724242f5dea25aac91d74ec9ddd739ff65523627763eaef25cd1f95ad985aaf0079b7c74eb5bcb2870a9b137a7b2c8e41fbe838c95872f75b',
    expectedCanonicalRequest:
      'GET\n/test-bucket\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n51a7426c2a6c6ab80f336855fc629461ff182fb1d2cb552ac68e5ce8e25db487',
  },
  {
    description: 'Query Parameter Encoding',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&aA0%C3%A9%2F%3D%25-_.~=~%20._-%25%3D%2F%C3%A90Aa&X-Goog-Signature=0e4f289c28626a32af95d78f5a0d2c75e5f0bef1cfe5035a532a8185e3ad45b1d5e8ad5ae0fb1898420e40a1576479861c6579db7e3b28ef8386160995ac1374be85e780ac3dfcc62538e9b2e2c51555950fb6fd0d7ecc509d3ccd9c02af5a6c6eb930d21a7383792300eb50a093a597c1da2a290ed56b01844251f8271d0d5e61fc3f4273a0c26f80e061c06124d93346ea1c50388e3fe73494c05ac27a54caedc04d1476c276c7602554e4cc1933e41df31ea523f4009e879c92333f98b4313755470d7e400bbbde9f5bef36f40b2a1c4a85edbd62aaa84a516e3df055d5d3f575b9ea0f1c24f057240852d9e618403e1dd2cd0fa7fc16b071b07322172256',
    expectedCanonicalRequest:
      'GET\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&aA0%C3%A9%2F%3D%25-_.~=~%20._-%25%3D%2F%C3%A90Aa\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n448f96c23dafa8210900554e138b2b5fd55bc53ef53b8637cecc3edec45a8fcf',
  },
  {
    description: 'Signed Payload Instead of UNSIGNED-PAYLOAD',
    method: 'PUT',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {
      'X-Goog-Content-SHA256': '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982',
      'X-TestCaseMetadata-Payload-Value': 'hello',
    },
    expectedUrl:
      'https://storage.googleapis.com/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host%3Bx-goog-content-sha256%3Bx-testcasemetadata-payload-value&X-Goog-Signature=3e5a9669e9aa162888dff1553d24c159bad4f16d444987f6a1b26d8ad0cb7927f15bfaf79c205324d2138fd1f62edb255430c77a03c0d6e9601399e2519014f9e1a7051d9be735cde530022c84602b1c4c25c86cb1e1584489e49d511c9a618a1a8443af31626ca5b2ad105eda1e4499f52b4043f3c1a3bd40c06c0cae36bb19a50ed8671e5d2cdbb148a196ce5a8c14d6970c08225da293e1ef400c92e7a3d5ba0a29ad0893827c96b203a04b04ebd51929bf99b323beba93097dfee700ee2c1bd97013779e5c8f156e56175d4d07e453b2eb0d616086f9f4753dde63507efe88b0dec29c872d25d9465f07778b16b532814148c578ee7e64ed8437006fa551',
    expectedCanonicalRequest:
      'PUT\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host%3Bx-goog-content-sha256%3Bx-testcasemetadata-payload-value\nhost:storage.googleapis.com\nx-goog-content-sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982\nx-testcasemetadata-payload-value:hello\n\nhost;x-goog-content-sha256;x-testcasemetadata-payload-value\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\nbe21a0841a897930ff5cf72e6e74ec5274efd76c3fe4cde6678f24a0a3d6dbec',
  },
  {
    description: 'Virtual Hosted Style',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'https://test-bucket.storage.googleapis.com/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=06c633ea060b0eda81ee58dd3337b01b0d243a44f18cb03ec948861f533a129e579c7fd4c856d187f1c7b86e5715ea0abf6a1c6ba32b69274d22b1b0406df6847dc87f0d289fe8dc0682351574849b8b13e4b66922f39441af96becb73ea4c56cd5e3eeb30bc91fe84e8bd205adca8639253bdb65b2fcaf2598a230c6d8f6d8177c9e58a61b6e826767f594056b490184d676897c4bbedc15d6fbf08c3fa82a406c62e74db661e6c5d7d3ced29e0619ee719dce4b8136360345b8dce120b9f1debd511c8dac3e6d874ee05bfda8c8f1c4fedd0c07fc6d98f5f18a349bb204d8ff401402a025194e2792df8a09282141157e4ca51d26a8d0d142a01c805321911',
    expectedCanonicalRequest:
      'GET\n/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:test-bucket.storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\n89eeae48258eccdcb1f592fb908008e3f5d36a949c002c1e614c94356dc18fc6',
  },
  {
    description: 'Simple GET with non-default hostname',
    method: 'GET',
    timestamp: '2019-02-01T09:00:00Z',
    expiration: 10,
    headers: {},
    expectedUrl:
      'http://localhost:8080/test-bucket/test-object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host&X-Goog-Signature=66c8c0371ca7d933a0d50f110abdf4fc7e3e379329134f272ebe4aa8100ccd5f21cd56ca5ccffae5ed36c8d6840e7cac80c2e7d786cd85b10d0faea34cddf09d2e7eb7f5c7c53934e4bf8f5cd654bc3c1b5ee9e3f8ca2189cd225b445bb866563fc4bd0d0b4d116111655611d12ec18f2d854fd7142d9afcc977dbd8f6d0524e4170506abf2b119bbe00d17697321d225162fabddb4ddae77781b4f3277a6b6fccfeb47d70b88537e5efb416001274aaeb1535b5aae757c997edc66d03898a5d08f767313d018d10992981d00e2a18ed9a6839b8a1ac7b3be1cab2e9511ba91e14a786443b59e9f21e1ae74a2c60106180646a764531fbe1fcd9c1e40550e56e',
    expectedCanonicalRequest:
      'GET\n/test-bucket/test-object\nX-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=test-iam-credentials%40dummy-project-id.iam.gserviceaccount.com%2F20190201%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20190201T090000Z&X-Goog-Expires=10&X-Goog-SignedHeaders=host\nhost:localhost\n\nhost\nUNSIGNED-PAYLOAD',
    expectedStringToSign:
      'GOOG4-RSA-SHA256\n20190201T090000Z\n20190201/auto/storage/goog4_request\ne47446edb8eed4c1797dfd31ce30272be89659a6ef38e91b549740c8f875d27b',
  },
]

const verifyVector = (v: Vector, url = new URL(v.expectedUrl), now = new Date(v.timestamp)) =>
  verifyGoog4Query({
    method: v.method,
    url,
    headers: new Headers({ host: url.host, ...v.headers }),
    now,
    publicKeyFor: conformanceKey,
  })

const signatureParam = (url: URL) =>
  [...url.searchParams.keys()].find((k) => k.toLowerCase() === 'x-goog-signature') ?? ''

describe('verifyGoog4Query against the conformance vectors', () => {
  for (const v of VECTORS) {
    it(`accepts "${v.description}"`, async () => {
      const result = await verifyVector(v)
      expect(codeOf(result)).toBe('ok')
      if (result.ok) {
        expect(result.value.clientEmail).toBe(CONFORMANCE_EMAIL)
        expect(result.value.expiresAt).toEqual(new Date(new Date(v.timestamp).getTime() + v.expiration * 1000))
      }
    })

    it(`rebuilds the expected canonical request of "${v.description}" when the signature is wrong`, async () => {
      const url = new URL(v.expectedUrl)
      const name = signatureParam(url)
      const sig = url.searchParams.get(name) ?? ''
      url.searchParams.set(name, `${sig.slice(0, -2)}${sig.endsWith('00') ? '11' : '00'}`)
      const result = await verifyVector(v, url)
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.error).toEqual({
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'Access denied.',
        details: {
          Details:
            'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
          StringToSign: v.expectedStringToSign,
          CanonicalRequest: v.expectedCanonicalRequest,
        },
      })
    })
  }

  const simpleGet = VECTORS[0] as Vector

  it('refuses a vector one second after it lapses, as GCS words it', async () => {
    expect(codeOf(await verifyVector(simpleGet, undefined, new Date('2019-02-01T09:00:10Z')))).toBe('ok')
    expect(await verifyVector(simpleGet, undefined, new Date('2019-02-01T09:00:11Z'))).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'ExpiredToken',
        message: 'Invalid argument.',
        details: { Details: 'The provided token has expired. Request signature expired at: 2019-02-01T09:00:10+00:00' },
      },
    })
  })

  it('refuses a vector for an unknown service account', async () => {
    const result = await verifyGoog4Query({
      method: 'GET',
      url: new URL(simpleGet.expectedUrl),
      headers: new Headers(),
      now: new Date(simpleGet.timestamp),
      publicKeyFor: () => undefined,
    })
    expect(codeOf(result)).toBe('403 SignatureDoesNotMatch: Access denied.')
  })
})

// ---- URLs made by @google-cloud/storage, as the mock's clients will make them ----

const signer = await generateRsaKeyPair()
const stranger = await generateRsaKeyPair()
const CLIENT_EMAIL = 'uploader@mock-project.iam.gserviceaccount.com'
const storageFor = (keys: RsaKeyPair) =>
  new Storage({
    apiEndpoint: 'http://127.0.0.1:4012',
    credentials: { client_email: CLIENT_EMAIL, private_key: keys.privateKeyPem },
    projectId: 'x',
  })

const signWrite = async (keys = signer, name = 'a/b.png') => {
  const [url] = await storageFor(keys)
    .bucket('b')
    .file(name)
    .getSignedUrl({ version: 'v4', action: 'write', contentType: 'image/png', expires: Date.now() + 15 * 60_000 })
  return new URL(url)
}

type Overrides = { method?: string; headers?: Record<string, string>; now?: Date; key?: CryptoKey }
const verifyUrl = (url: URL, o: Overrides = {}) =>
  verifyGoog4Query({
    method: o.method ?? 'PUT',
    url,
    headers: new Headers(o.headers ?? { host: '127.0.0.1:4012', 'content-type': 'image/png' }),
    now: o.now ?? new Date(),
    publicKeyFor: (email) => (email === CLIENT_EMAIL ? (o.key ?? signer.publicKey) : undefined),
  })

const withParam = (url: URL, name: string, value: string | null): URL => {
  const copy = new URL(url)
  if (value === null) copy.searchParams.delete(name)
  else copy.searchParams.set(name, value)
  return copy
}

describe('verifyGoog4Query with getSignedUrl({ version: "v4" })', () => {
  it('accepts a write URL with the Content-Type it was signed for, host compared without its port', async () => {
    const url = await signWrite()
    expect(url.host).toBe('127.0.0.1:4012')
    const result = await verifyUrl(url)
    expect(codeOf(result)).toBe('ok')
    if (result.ok) {
      expect(result.value.clientEmail).toBe(CLIENT_EMAIL)
      expect(result.value.signedHeaders).toEqual(['content-type', 'host'])
      expect(Math.abs(result.value.expiresAt.getTime() - (Date.now() + 15 * 60_000))).toBeLessThan(5_000)
    }
  })

  it('refuses another Content-Type and shows it in the CanonicalRequest', async () => {
    const result = await verifyUrl(await signWrite(), {
      headers: { host: '127.0.0.1:4012', 'content-type': 'image/jpeg' },
    })
    expect(codeOf(result)).toBe('403 SignatureDoesNotMatch: Access denied.')
    if (!result.ok) {
      expect(result.error.details?.CanonicalRequest).toContain('\ncontent-type:image/jpeg\nhost:127.0.0.1\n')
      expect(result.error.details?.StringToSign?.split('\n')[0]).toBe('GOOG4-RSA-SHA256')
    }
  })

  it('refuses a request without the signed Content-Type, naming the header', async () => {
    expect(await verifyUrl(await signWrite(), { headers: { host: '127.0.0.1:4012' } })).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'MalformedSecurityHeader',
        message: 'Invalid argument.',
        details: {
          Details: 'Your request has a malformed header. Header was included in signedheaders, but not in the request.',
          ParameterName: 'content-type',
        },
      },
    })
  })

  it('refuses a tampered path, expiry, method or signing key', async () => {
    const url = await signWrite()
    const otherPath = new URL(url)
    otherPath.pathname = '/b/a/c.png'
    const expires = url.searchParams.get('X-Goog-Expires') ?? ''
    const longer = withParam(url, 'X-Goog-Expires', String(Number(expires) + 1))
    expect(codeOf(await verifyUrl(otherPath))).toBe('403 SignatureDoesNotMatch: Access denied.')
    expect(codeOf(await verifyUrl(longer))).toBe('403 SignatureDoesNotMatch: Access denied.')
    expect(codeOf(await verifyUrl(url, { method: 'POST' }))).toBe('403 SignatureDoesNotMatch: Access denied.')
    expect(codeOf(await verifyUrl(await signWrite(stranger)))).toBe('403 SignatureDoesNotMatch: Access denied.')
    expect(codeOf(await verifyUrl(url, { key: stranger.publicKey }))).toBe('403 SignatureDoesNotMatch: Access denied.')
  })

  it('refuses the URL after it expires, even with an edited X-Goog-Expires', async () => {
    const url = await signWrite()
    const later = new Date(Date.now() + 16 * 60_000)
    const result = await verifyUrl(url, { now: later })
    expect(codeOf(result)).toBe('400 ExpiredToken: Invalid argument.')
    if (!result.ok)
      expect(result.error.details?.Details).toMatch(
        /^The provided token has expired\. Request signature expired at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
      )
    expect(codeOf(await verifyUrl(withParam(url, 'X-Goog-Expires', '1'), { now: new Date(Date.now() + 60_000) }))).toBe(
      '400 ExpiredToken: Invalid argument.',
    )
  })

  it('accepts a read URL for GET only', async () => {
    const [text] = await storageFor(signer)
      .bucket('b')
      .file('a/b.png')
      .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 5 * 60_000 })
    const url = new URL(text)
    const result = await verifyUrl(url, { method: 'GET', headers: { host: '127.0.0.1:4012' } })
    expect(result.ok && result.value.signedHeaders).toEqual(['host'])
    expect(codeOf(await verifyUrl(url, { method: 'PUT', headers: { host: '127.0.0.1:4012' } }))).toBe(
      '403 SignatureDoesNotMatch: Access denied.',
    )
  })

  it('accepts object names with spaces and unicode', async () => {
    const url = await signWrite(signer, 'a b/ü (1).png')
    expect(codeOf(await verifyUrl(url))).toBe('ok')
  })

  it('refuses unsigned x-goog-* headers', async () => {
    const result = await verifyUrl(await signWrite(), {
      headers: { host: '127.0.0.1:4012', 'content-type': 'image/png', 'x-goog-content-length-range': '0,100' },
    })
    expect(result).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'MalformedSecurityHeader',
        message: 'Invalid argument.',
        details: {
          Details: 'Your request has a malformed header. Header must be signed.',
          ParameterName: 'x-goog-content-length-range',
        },
      },
    })
  })

  it('refuses missing or malformed signing parameters', async () => {
    const url = await signWrite()
    const cases: [string, string | null, string][] = [
      ['X-Goog-Signature', null, 'x-goog-signature'],
      ['X-Goog-Credential', null, 'x-goog-credential'],
      ['X-Goog-Algorithm', 'GOOG4-HMAC-SHA256', 'x-goog-algorithm'],
      ['X-Goog-Credential', `${CLIENT_EMAIL}/20260301/auto/storage`, 'x-goog-credential'],
      ['X-Goog-Date', '2026-03-01T12:00:00Z', 'x-goog-date'],
      ['X-Goog-Expires', '604801', 'x-goog-expires'],
      ['X-Goog-Expires', 'soon', 'x-goog-expires'],
    ]
    for (const [name, value, parameter] of cases) {
      const result = await verifyUrl(withParam(url, name, value))
      expect(codeOf(result), `${name}=${value}`).toBe('400 MalformedSecurityHeader: Invalid argument.')
      if (!result.ok) expect(result.error.details?.ParameterName).toBe(parameter)
    }
  })
})
