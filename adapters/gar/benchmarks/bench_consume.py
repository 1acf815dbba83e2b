"""Benchmark GarServiceProvider.consume() against its cryptographic floor, in one run.

Run from the repository root (one core, about 30 s with the default N):

    .venv/bin/python adapters/gar/benchmarks/bench_consume.py [N]

Measures, on the same N valid responses (assertion signed RSA-SHA256, FakeGarIdP),
**interleaved** (each response goes through every measure in turn, so a noisy
neighbour slows all of them alike), in CPU time of the thread (``time.thread_time``:
time spent descheduled on a shared machine does not count) and in wall-clock time:

- ``floor``: base64 decode, parse, and xmlsec verification of the assertion signature
  with a preloaded bare public key: what any SAML SP must spend;
- ``consume``: pixcore_gar with every check on (pre-flight, strict python3-saml,
  exact Destination/Recipient, audience, InResponseTo binding with single-use request
  ids, attributes, replay cache), with the per-instance library caches;
- ``reference``: the same pipeline on python3-saml exactly as shipped (no caches), the
  path the differential tests compare against.

Then where a valid login's time goes (``--no-breakdown`` skips it): consume() again on
fresh responses, each stage timed in CPU time of the thread (p50 of each): pre-flight,
python3-saml's validation (signature verification included), pixcore_gar's own reading
and checks, the host's hooks and the identity; plus the signature verification alone,
with the bare public key, on the same responses.

Then the cost of refused hostile responses, each as a ratio to a valid login's p50:
hundreds of ``ds:Reference``, ``xenc:EncryptedKey``, ``ds:Signature`` or
``ds:Transform`` elements (refused by the pre-flight caps), a maximum-size body, and
the worst shape that passes the pre-flight (a maximum-size response with a bad
signature, checked against 1 and 4 configured IdP certificates).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree
from pixcore_gar import acs, preflight
from pixcore_gar.errors import GarAuthError
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.library import ReferenceLibrary
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import FakeGarIdP, generate_key_pair, student_attributes

DS = "{http://www.w3.org/2000/09/xmldsig#}"
XENC = "{http://www.w3.org/2001/04/xmlenc#}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
FAR = datetime.now(UTC) + timedelta(days=3650)


def _sp(idp: FakeGarIdP, store: InMemoryStore, *, reference: bool = False, **config: Any) -> Any:
    sp = GarServiceProvider(idp.sp_config(**config), create_gar_plugin_manager(store))
    if reference:
        sp._context = dataclasses.replace(sp._context, library=ReferenceLibrary(sp._settings))
    return sp


Timings = tuple[list[float], list[float]]
"""Wall-clock and CPU (thread) seconds of each call."""


def _p(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * quantile) - 1, 0)] * 1000


def _timed(run: Callable[[], object], timings: Timings) -> None:
    wall, cpu = time.perf_counter(), time.thread_time()
    run()
    timings[1].append(time.thread_time() - cpu)
    timings[0].append(time.perf_counter() - wall)


def interleaved(runs: dict[str, Callable[[int], object]], n: int) -> dict[str, Timings]:
    """Time every ``run(i)`` for i in 0..n-1, the measures taking turns on each i."""
    timings: dict[str, Timings] = {name: ([], []) for name in runs}
    names = list(runs)
    for i in range(n):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            _timed(functools.partial(runs[name], i), timings[name])
    return timings


def _bare_key(idp: FakeGarIdP) -> Any:
    """The IdP's bare public key: the cheapest key form.

    It is copied into a context in ~2 µs; a key loaded from the certificate carries
    X.509 data and costs ~30 µs more per copy.
    """
    public = x509.load_pem_x509_certificate(idp.keys.idp.cert_pem.encode()).public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return xmlsec.Key.from_memory(pem, xmlsec.constants.KeyDataFormatPem)


def valid_logins(idp: FakeGarIdP, n: int) -> dict[str, Timings]:
    """Floor, consume() and the reference pipeline on the same n responses."""
    stores = {"consume": InMemoryStore(), "reference": InMemoryStore()}
    sps = {"consume": _sp(idp, stores["consume"])}
    sps["reference"] = _sp(idp, stores["reference"], reference=True)
    request_ids = [f"ONELOGIN_bench_{i}" for i in range(n)]
    responses = [idp.response(rid, not_on_or_after_offset=3600) for rid in request_ids]
    for store in stores.values():
        for rid in request_ids:
            store.pixcore_gar_store_request(rid, FAR)
    cert = _bare_key(idp)

    def floor(i: int) -> object:
        root = etree.fromstring(base64.b64decode(responses[i]))
        assertion = root.find(f"{SAML}Assertion")
        xmlsec.tree.add_ids(assertion, ["ID"])
        context = xmlsec.SignatureContext()
        context.key = cert
        context.verify(assertion.find(f"{DS}Signature"))
        return assertion

    def run(name: str) -> Callable[[int], object]:
        return lambda i: sps[name].consume(responses[i], request_id=request_ids[i])

    return interleaved(
        {"floor": floor, "consume": run("consume"), "reference": run("reference")}, n
    )


_STAGES = {
    "pre-flight: decode": (preflight, "decode"),
    "pre-flight: parse": (preflight, "parse"),
    "pre-flight: caps and allow-lists": (preflight, "check_tree"),
    "python3-saml: Response + is_valid": (acs, "_validated"),
    "pixcore_gar: facts and checks": (acs, "read_facts"),
    "hooks (request, replay) + identity": (acs, "_bind_and_store"),
}
"""Stages of consume() timed by :func:`breakdown` (module attribute the pipeline calls)."""


def _stage_timer(function: Callable[..., Any], times: list[float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            times.append(time.thread_time() - start)

    return timed


def breakdown(idp: FakeGarIdP, n: int) -> dict[str, list[float]]:
    """CPU seconds of each stage of n valid consume() calls (the stages wrapped, restored)."""
    store = InMemoryStore()
    sp = _sp(idp, store)
    request_ids = [f"ONELOGIN_stages_{i}" for i in range(n)]
    responses = [idp.response(rid, not_on_or_after_offset=3600) for rid in request_ids]
    for rid in request_ids:
        store.pixcore_gar_store_request(rid, FAR)
    times: dict[str, list[float]] = {name: [] for name in (*_STAGES, "consume()", "verify")}
    saved = {name: getattr(module, attr) for name, (module, attr) in _STAGES.items()}
    for name, (module, attr) in _STAGES.items():
        setattr(module, attr, _stage_timer(saved[name], times[name]))
    try:
        for i in range(n):
            _timed(
                lambda i=i: sp.consume(responses[i], request_id=request_ids[i]),
                ([], times["consume()"]),
            )
    finally:
        for name, (module, attr) in _STAGES.items():
            setattr(module, attr, saved[name])
    key = _bare_key(idp)
    for saml_response in responses:
        assertion = etree.fromstring(base64.b64decode(saml_response)).find(f"{SAML}Assertion")
        xmlsec.tree.add_ids(assertion, ["ID"])
        context = xmlsec.SignatureContext()
        context.key = key
        start = time.thread_time()
        context.verify(assertion.find(f"{DS}Signature"))
        times["verify"].append(time.thread_time() - start)
    return times


def _repeat(parent_path: str, child: Callable[[], Any], count: int) -> Callable[[Any], None]:
    def tamper(element: Any) -> None:
        parent = element.find(parent_path)
        for _ in range(count):
            parent.append(child())

    return tamper


def _reference() -> Any:
    reference = etree.Element(f"{DS}Reference", URI="#_x")
    etree.SubElement(
        reference, f"{DS}DigestMethod", Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"
    )
    etree.SubElement(reference, f"{DS}DigestValue").text = "AAAA"
    return reference


def _encrypted_key() -> Any:
    key = etree.Element(f"{XENC}EncryptedKey")
    etree.SubElement(
        key, f"{XENC}EncryptionMethod", Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    )
    etree.SubElement(etree.SubElement(key, f"{XENC}CipherData"), f"{XENC}CipherValue").text = (
        "A" * 344
    )
    return key


def _big_attributes() -> dict[str, list[str]]:
    return student_attributes(GRO=[f"G{i}##" + "x" * 200 for i in range(700)])


def hostile(idp: FakeGarIdP) -> dict[str, tuple[str, Callable[[], str], dict[str, Any]]]:
    """Each hostile shape: (what it is, a builder of its SAMLResponse, SP config)."""
    signed_info = f"{DS}Signature/{DS}SignedInfo"
    transforms = f"{signed_info}/{DS}Reference/{DS}Transforms"
    enc = {"want_assertions_encrypted": True}
    two_certs = (idp.keys.idp.cert_pem, idp.keys.idp_next.cert_pem)
    four = (*two_certs, generate_key_pair("c3").cert_pem, generate_key_pair("c4").cert_pem)

    def sig() -> Any:
        return etree.Element(f"{DS}Signature")

    def tr() -> Any:
        return etree.Element(f"{DS}Transform", Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")

    def response(**knobs: Any) -> Callable[[], str]:
        return lambda: idp.response("ONELOGIN_hostile", not_on_or_after_offset=3600, **knobs)

    def enc_keys(response: Any) -> None:
        # xmlsec's template nodes are outside lxml's name dictionary: find() misses them.
        (data,) = [e for e in response.iter() if e.tag == f"{DS}KeyInfo"]
        for _ in range(200):
            data.append(_encrypted_key())

    big, bad, ref = _big_attributes(), idp.keys.attacker, _reference
    garbage = base64.b64encode(b"<" + b"A" * 190_000).decode()
    caps, passes = "refused by caps", "passes pre-flight"
    return {
        "300 ds:Reference": (caps, response(tamper_assertion=_repeat(signed_info, ref, 300)), {}),
        "200 xenc:EncryptedKey": (caps, response(encrypt=True, tamper_response=enc_keys), enc),
        "300 ds:Signature": (caps, response(tamper_response=_repeat(".", sig, 300)), {}),
        "300 ds:Transform": (caps, response(tamper_assertion=_repeat(transforms, tr, 300)), {}),
        "256 KiB not XML": ("refused by the parser", lambda: garbage, {}),
        "max size, bad signature, 1 cert": (passes, response(attributes=big, signing_key=bad), {}),
        "max size, bad signature, 4 certs": (
            passes, response(attributes=big, signing_key=bad), {"idp_signing_certificates": four},
        ),
    }  # fmt: skip


def hostile_costs(idp: FakeGarIdP, valid: Timings, n: int) -> None:
    """Print each hostile shape's refusal cost (p50 of n) and its ratio to a valid login."""
    valid_wall, valid_cpu = _p(valid[0], 0.5), _p(valid[1], 0.5)
    for name, (kind, build, config) in hostile(idp).items():
        sp = _sp(idp, InMemoryStore(), **config)
        saml_response = build()
        codes: set[str] = set()
        timings: Timings = ([], [])

        def refuse(
            sp: Any = sp, saml_response: str = saml_response, codes: set[str] = codes
        ) -> None:
            try:
                sp.consume(saml_response, request_id="ONELOGIN_hostile")
            except GarAuthError as error:
                codes.add(f"{error.code}/{error.meta.get('check')}")

        for _ in range(n):
            _timed(refuse, timings)
        wall, cpu = _p(timings[0], 0.5), _p(timings[1], 0.5)
        size = len(saml_response) // 1024
        print(
            f"  {name:33s}{size:4d} KiB {cpu:7.3f} ms CPU ×{cpu / valid_cpu:5.2f}"
            f"  (wall ×{wall / valid_wall:5.2f})  {kind}: {', '.join(sorted(codes))}"
        )


def main(n: int) -> None:
    """Measure valid logins (floor, consume, reference), then hostile responses."""
    logging.getLogger("pixcore_gar").setLevel(logging.ERROR)
    idp = FakeGarIdP()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    results = valid_logins(idp, n)
    floor_wall, floor_cpu = _p(results["floor"][0], 0.5), _p(results["floor"][1], 0.5)
    print(f"valid logins, N={n}, interleaved (load average {load}):")
    for name, (wall, cpu) in results.items():
        wall50, cpu50 = _p(wall, 0.5), _p(cpu, 0.5)
        print(
            f"  {name:10s} CPU p50 {cpu50:6.3f} ms ×{cpu50 / floor_cpu:5.2f} floor"
            f"   wall p50 {wall50:6.3f} ms ×{wall50 / floor_wall:5.2f}"
            f"  p99 {_p(wall, 0.99):6.3f} ms"
        )
    if "--no-breakdown" not in sys.argv:
        stages = breakdown(idp, n)
        print("where a valid login's CPU time goes (p50 of each stage, fresh responses):")
        for name, values in stages.items():
            cpu = _p(values, 0.5)
            print(f"  {name:38s}{cpu:7.3f} ms  ×{cpu / floor_cpu:5.2f} floor")
    if "--no-hostile" not in sys.argv:
        print("refused hostile responses (p50), ratio to a valid consume():")
        hostile_costs(idp, results["consume"], max(n // 20, 20))


if __name__ == "__main__":
    counts = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    main(counts[0] if counts else 2000)
