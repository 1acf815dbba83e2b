"""Key strength: RSA ≥ 2048 bits; ECDSA only on P-256, P-384 and P-521; an RSA SP key."""

from __future__ import annotations

import functools

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pixcore_gar.errors import GarConfigError
from pixcore_gar.keys import ACCEPTED_CURVES
from pixcore_gar.testing import FakeGarIdP, TestKeys, generate_key_pair, session_keys


@functools.cache
def _ec_pair(curve_name):
    curve = {c.name: c for c in (ec.SECP256R1(), ec.SECP384R1(), ec.SECP521R1())}[curve_name]
    return generate_key_pair(f"idp-{curve_name}", curve=curve)


@pytest.mark.parametrize(
    "curve", [ec.SECP192R1(), ec.SECP224R1(), ec.SECP256K1(), ec.BrainpoolP256R1()]
)
def test_weak_or_unusual_curves_refused_for_idp_certificates(idp, curve):
    pair = generate_key_pair("weak", curve=curve)
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(idp_signing_certificates=(pair.cert_pem,))
    assert info.value.code == "GAR_CONFIG_INSECURE"
    assert info.value.meta == {"setting": "idp_signing_certificates", "reason": "weak_curve"}
    assert "P-256, P-384 ou P-521" in info.value.message


def test_accepted_curves_are_the_nist_p_curves():
    assert frozenset({"secp256r1", "secp384r1", "secp521r1"}) == ACCEPTED_CURVES


@pytest.mark.parametrize("curve_name", ["secp256r1", "secp384r1", "secp521r1"])
def test_ecdsa_signed_login_on_an_accepted_curve(idp, curve_name):
    from pixcore_gar.host import create_gar_plugin_manager
    from pixcore_gar.sp import GarServiceProvider
    from pixcore_gar.stores import InMemoryStore

    keys = session_keys()
    ec_idp = FakeGarIdP(keys=TestKeys(_ec_pair(curve_name), keys.idp_next, keys.sp, keys.attacker))
    sp = GarServiceProvider(ec_idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))
    _, rid = sp.begin_login()
    assert sp.consume(ec_idp.response(rid), request_id=rid).subject == "a3f5" * 32


def test_an_ec_service_provider_key_refused(idp):
    pair = _ec_pair("secp256r1")
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(sp_private_key=pair.key_pem, sp_certificate=pair.cert_pem)
    assert info.value.meta == {"setting": "sp_private_key", "reason": "sp_key_not_rsa"}


def test_an_encrypted_or_unreadable_sp_key_refused(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(sp_private_key="-----BEGIN PRIVATE KEY-----\nnope\n")
    assert info.value.meta == {"setting": "sp_private_key", "reason": "not_a_private_key"}
    assert "nope" not in info.value.message


def test_short_rsa_idp_certificate_refused(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(idp_signing_certificates=(generate_key_pair("w", bits=1024).cert_pem,))
    assert info.value.meta["reason"] == "rsa_too_short"
