# Independent computation of hierarchical keyring known answers (Python 'cryptography'),
# used to pin Cirrus's bytes. Run: python3 hierarchy_kat.py
import base64, hmac, hashlib, struct, uuid
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def kdf_ctr(key, label, context, length):
    out = b""
    i = 1
    while len(out) < length:
        out += hmac.new(key, struct.pack(">I", i) + label + b"\x00" + context + struct.pack(">I", length * 8), hashlib.sha256).digest()
        i += 1
    return out[:length]

def ec_serialize(ctx):
    if not ctx:
        return b""
    items = sorted((k.encode(), v.encode()) for k, v in ctx.items())
    b = struct.pack(">H", len(items))
    for k, v in items:
        b += struct.pack(">H", len(k)) + k + struct.pack(">H", len(v)) + v
    return b

LABEL = b"aws-kms-hierarchy"
# MPL TestKDF_TestVectors C.1 (label "aws-kms-hierarchy", 16-byte context)
c1_ikm = bytes([125,201,189,252,37,52,4,124,254,99,233,235,41,123,119,82,81,73,237,125,74,252,233,198,68,15,53,14,97,239,62,208])
c1_info = bytes([119,218,233,62,104,155,88,29,62,6,235,1,200,211,186,2])
c1_okm = bytes([188,232,152,114,85,137,174,192,143,152,52,179,184,15,220,63,241,115,144,126,85,116,231,41,253,206,18,124,247,109,183,204])
assert kdf_ctr(c1_ikm, LABEL, c1_info, 32) == c1_okm, "C.1 mismatch"

branch_key = base64.b64decode("tJwf65epYvUt5HMiQsl/6jlvLxS0tgdjIuvFy2BLIwg=")
bk_id = "bd3842ff-3076-4092-9918-4395730050b8"
version = "e9ce18a3-edb5-4272-9f86-1cacb7997ff6"
salt = bytes(range(0x00, 0x10))
iv = bytes(range(0x10, 0x1c))
data_key = bytes(range(0x20, 0x40))
for name, ctx in [("empty", {}), ("two", {"tenant": "acme", "purpose": "kat"})]:
    kek = kdf_ctr(branch_key, LABEL, salt, 32)
    aad = LABEL + bk_id.encode() + uuid.UUID(version).bytes + ec_serialize(ctx)
    ct = AESGCM(kek).encrypt(iv, data_key, aad)
    edk = salt + iv + uuid.UUID(version).bytes + ct
    print(name, "kek", kek.hex())
    print(name, "edk", edk.hex())
