"""libsodium, the library that signs the platform's bundles (src/service/crypto.cc), loaded
with ctypes for the Python tests: signatures made here are made exactly as `suiji serve` makes
them, so tools/verify_draw.py is tested against the C++ side's signer, not against itself.

Raises RuntimeError when libsodium cannot be loaded: the tests fail, they never skip.
"""

import ctypes
import ctypes.util


class Sodium:
    def __init__(self):
        name = ctypes.util.find_library("sodium")
        if name is None:
            raise RuntimeError("libsodium not found (Debian package libsodium-dev / libsodium23)")
        self.lib = ctypes.CDLL(name)
        if self.lib.sodium_init() < 0:
            raise RuntimeError("sodium_init failed")

    def keypair(self, seed):
        """(public key, 64-byte secret key) from a 32-byte seed (SigningKey::FromSeed)."""
        pk = ctypes.create_string_buffer(32)
        sk = ctypes.create_string_buffer(64)
        if self.lib.crypto_sign_seed_keypair(pk, sk, seed) != 0:
            raise RuntimeError("crypto_sign_seed_keypair failed")
        return pk.raw, sk.raw

    def sign(self, secret_key, message):
        """crypto_sign_detached, as SigningKey::Sign."""
        sig = ctypes.create_string_buffer(64)
        if self.lib.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)),
                                         secret_key) != 0:
            raise RuntimeError("crypto_sign_detached failed")
        return sig.raw

    def verify(self, public_key, message, signature):
        """crypto_sign_verify_detached, as VerifySignature (what `suiji draw verify` runs)."""
        if len(public_key) != 32 or len(signature) != 64:
            return False
        return self.lib.crypto_sign_verify_detached(
            signature, message, ctypes.c_ulonglong(len(message)), public_key) == 0
