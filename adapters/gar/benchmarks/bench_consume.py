"""Benchmark GarServiceProvider.consume() against naive python3-saml and the floor.

Run from the repository root (one core, about 20 s):

    /work/venv-gar/bin/python adapters/gar/benchmarks/bench_consume.py [N]

Three measures on the same N valid responses (assertion signed RSA-SHA256, FakeGarIdP):

- ``consume``: pixcore_gar with every check on (pre-flight, strict python3-saml, audience,
  InResponseTo binding with single-use request ids, attributes, replay cache);
- ``naive``: python3-saml as its README shows it, settings rebuilt per request and the
  XSD schema recompiled per call (pixcore_gar's caches removed for this run);
- ``floor``: parse + xmlsec verification of the assertion signature alone.
"""

from __future__ import annotations

import base64
import statistics
import sys
import time
from collections.abc import Callable

import xmlsec
from lxml import etree
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from pixcore_gar import speedups
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.settings import build_settings_dict, request_data
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import FakeGarIdP

DS = "{http://www.w3.org/2000/09/xmldsig#}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"


def measure(label: str, run: Callable[[int], object], n: int) -> None:
    """Time ``run(i)`` for i in 0..n-1; print p50, p99 and throughput."""
    timings = []
    for i in range(n):
        started = time.perf_counter()
        run(i)
        timings.append(time.perf_counter() - started)
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    rate = n / sum(timings)
    print(f"{label:8s} p50 {p50:6.3f} ms   p99 {p99:6.3f} ms   {rate:7.0f} logins/s")


def main(n: int) -> None:
    """Build N responses, then measure naive python3-saml, consume() and the floor."""
    idp = FakeGarIdP()
    config = idp.sp_config()
    store = InMemoryStore()
    request_ids = [f"ONELOGIN_bench_{i}" for i in range(n)]
    responses = [idp.response(rid, not_on_or_after_offset=3600) for rid in request_ids]
    settings_dict = build_settings_dict(config)
    cert = xmlsec.Key.from_memory(idp.keys.idp.cert_pem, xmlsec.constants.KeyDataFormatCertPem)

    def naive(i: int) -> object:
        data = request_data(config, {"SAMLResponse": responses[i]})
        auth = OneLogin_Saml2_Auth(data, settings_dict)
        auth.process_response(request_id=request_ids[i])
        assert auth.is_authenticated(), auth.get_last_error_reason()
        return auth.get_attributes()

    def floor(i: int) -> object:
        root = etree.fromstring(base64.b64decode(responses[i]))
        assertion = root.find(f"{SAML}Assertion")
        xmlsec.tree.add_ids(assertion, ["ID"])
        context = xmlsec.SignatureContext()
        context.key = cert
        context.verify(assertion.find(f"{DS}Signature"))
        return assertion

    speedups.uninstall()
    measure("naive", naive, n)

    sp = GarServiceProvider(config, create_gar_plugin_manager(store))
    assert speedups.installed()
    for rid in request_ids:
        store.pixcore_gar_store_request(rid, store._clock().replace(year=2100))

    def consume(i: int) -> object:
        return sp.consume(responses[i], request_id=request_ids[i])

    measure("consume", consume, n)
    measure("floor", floor, n)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
