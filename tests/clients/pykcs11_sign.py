"""PyKCS11 client: open a session on the test token, find the keys made by
test-pykcs11.sh (by label), sign with each, verify with the module and with
the cryptography package, and find the certificate stored next to a key
(same CKA_ID). Prints one "ok - " / "FAIL - " line per check.

usage: pykcs11_sign.py MODULE SLOT_ID PIN RSA_LABEL EC_LABEL
"""
import hashlib
import sys

import PyKCS11
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

failures = 0


def report(ok, name, detail=""):
    global failures
    print(("ok - " if ok else "FAIL - ") + name + ("" if ok else ": " + detail))
    if not ok:
        failures += 1


def find_one(session, label, cls):
    objs = session.findObjects([(PyKCS11.CKA_LABEL, label), (PyKCS11.CKA_CLASS, cls)])
    return objs[0] if len(objs) == 1 else None


def public_key_of(session, pub):
    """The public key as the cryptography package sees it, from attributes."""
    ktype = session.getAttributeValue(pub, [PyKCS11.CKA_KEY_TYPE])[0]
    if ktype == PyKCS11.CKK_RSA:
        n, e = session.getAttributeValue(pub, [PyKCS11.CKA_MODULUS, PyKCS11.CKA_PUBLIC_EXPONENT])
        return rsa.RSAPublicNumbers(int.from_bytes(bytes(e), "big"),
                                    int.from_bytes(bytes(n), "big")).public_key()
    point = bytes(session.getAttributeValue(pub, [PyKCS11.CKA_EC_POINT])[0])
    if point[0] == 0x04 and len(point) in (2 + 65, 3 + 65):  # DER OCTET STRING
        point = point[-65:]
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)


def main():
    module, slot, pin, rsa_label, ec_label = sys.argv[1:6]
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)
    report(int(slot) in lib.getSlotList(tokenPresent=True), "C_GetSlotList shows slot " + slot)
    info = lib.getTokenInfo(int(slot))
    print("# token label: " + info.label.strip())
    session = lib.openSession(int(slot), PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
    report(True, "C_OpenSession (R/W)")
    session.login(pin)  # any PIN for a token without one; SoftHSM's user PIN
    report(True, "C_Login")
    data = b"signed through PyKCS11 " * 40

    # RSA PKCS#1 v1.5 with SHA-256 (hash-and-sign inside the module)
    priv = find_one(session, rsa_label, PyKCS11.CKO_PRIVATE_KEY)
    pub = find_one(session, rsa_label, PyKCS11.CKO_PUBLIC_KEY)
    report(priv is not None and pub is not None, "C_FindObjects finds " + rsa_label)
    if priv is not None and pub is not None:
        sig = bytes(session.sign(priv, data, PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)))
        report(len(sig) == 256, "C_Sign CKM_SHA256_RSA_PKCS gives 256 bytes")
        report(session.verify(pub, data, sig, PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)),
               "C_Verify accepts the RSA signature")
        report(not session.verify(pub, data + b"x", sig, PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)),
               "C_Verify rejects changed data")
        try:
            public_key_of(session, pub).verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
            report(True, "cryptography verifies the RSA signature")
        except InvalidSignature:
            report(False, "cryptography verifies the RSA signature", "InvalidSignature")

    # ECDSA over a SHA-256 digest computed here
    priv = find_one(session, ec_label, PyKCS11.CKO_PRIVATE_KEY)
    pub = find_one(session, ec_label, PyKCS11.CKO_PUBLIC_KEY)
    report(priv is not None and pub is not None, "C_FindObjects finds " + ec_label)
    if priv is not None and pub is not None:
        digest = hashlib.sha256(data).digest()
        sig = bytes(session.sign(priv, digest, PyKCS11.Mechanism(PyKCS11.CKM_ECDSA)))
        report(len(sig) == 64, "C_Sign CKM_ECDSA gives r||s (64 bytes)")
        report(session.verify(pub, digest, sig, PyKCS11.Mechanism(PyKCS11.CKM_ECDSA)),
               "C_Verify accepts the ECDSA signature")
        der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                         int.from_bytes(sig[32:], "big"))
        try:
            public_key_of(session, pub).verify(der, data, ec.ECDSA(hashes.SHA256()))
            report(True, "cryptography verifies the ECDSA signature")
        except InvalidSignature:
            report(False, "cryptography verifies the ECDSA signature", "InvalidSignature")

        # the certificate stored next to the key: same CKA_ID
        key_id = session.getAttributeValue(priv, [PyKCS11.CKA_ID])[0]
        certs = session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                                     (PyKCS11.CKA_ID, key_id)])
        report(len(certs) == 1, "the certificate is found by the key's CKA_ID",
               "%d found" % len(certs))
        if len(certs) == 1:
            value = bytes(session.getAttributeValue(certs[0], [PyKCS11.CKA_VALUE])[0])
            cert = x509.load_der_x509_certificate(value)
            same = cert.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            ) == public_key_of(session, pub).public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            report(same, "that certificate holds the key's public key")

    session.logout()
    session.closeSession()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
