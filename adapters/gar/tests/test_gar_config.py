"""saml.md §9 configuration guards, cases 56–58, and the settings builder."""

from __future__ import annotations

import inspect

import pytest
from pixcore_gar.errors import REASONS, GarConfigError
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.settings import build_settings_dict, check_settings_dict
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import generate_key_pair

from pixcore.host.hookspecs import hookimpl


@pytest.mark.parametrize(
    ("override", "setting", "reason"),
    [
        ({"strict": False}, "strict", "must_stay_on"),
        ({"want_assertions_signed": False}, "want_assertions_signed", "must_stay_on"),
        ({"reject_deprecated_algorithm": None}, "reject_deprecated_algorithm", "must_stay_on"),
        ({"reject_deprecated_algorithm": False}, "reject_deprecated_algorithm", "must_stay_on"),
        ({"idp_cert_fingerprint": "AB:CD"}, "idp_cert_fingerprint", "fingerprint_only"),
        ({"acs_url": "http://pix.example.test/api/saml/acs"}, "acs_url", "https_required"),
        ({"sp_entity_id": "http://pix.example.test/m.xml"}, "sp_entity_id", "https_required"),
    ],
)
def test_case_56_unsafe_configuration_refused(idp, override, setting, reason):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(**override)
    assert info.value.code == "GAR_CONFIG_INSECURE"
    assert info.value.meta == {"setting": setting, "reason": reason}
    assert f"« {setting} »" in info.value.message


def test_case_56_weak_sp_key_refused(idp):
    weak = generate_key_pair("weak", bits=1024)
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(sp_private_key=weak.key_pem, sp_certificate=weak.cert_pem)
    assert info.value.code == "GAR_CONFIG_INSECURE"


def test_case_56_sp_key_and_certificate_must_match(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(sp_certificate=idp.keys.attacker.cert_pem)
    assert info.value.meta == {"setting": "sp_certificate", "reason": "key_mismatch"}


def test_case_56_idp_certificate_must_parse(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(idp_signing_certificates=("not a certificate",))
    assert info.value.meta == {
        "setting": "idp_signing_certificates",
        "reason": "not_a_certificate",
    }


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("strict",), False),
        (("security", "wantAssertionsSigned"), False),
        (("security", "rejectDeprecatedAlgorithm"), None),
        (("security", "signatureAlgorithm"), "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
        (("idp", "certFingerprint"), "AB:CD"),
    ],
)
def test_case_56_settings_builder_output_rechecked(idp, path, value):
    settings = build_settings_dict(idp.sp_config())
    target = settings
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(GarConfigError) as info:
        check_settings_dict(settings)
    assert info.value.code == "GAR_CONFIG_INSECURE"


def test_settings_match_appendix_a(idp):
    settings = build_settings_dict(idp.sp_config())
    assert settings["strict"] is True
    assert settings["sp"]["entityId"] == idp.sp_entity_id
    security = settings["security"]
    assert security["authnRequestsSigned"] is True
    assert security["wantAssertionsSigned"] is True
    assert security["rejectDeprecatedAlgorithm"] is True
    assert security["wantNameId"] is False
    assert security["allowRepeatAttributeName"] is False


def test_case_57_no_replay_store_refuses_to_start(idp):
    with pytest.raises(GarConfigError) as info:
        GarServiceProvider(idp.sp_config(), create_gar_plugin_manager())
    assert info.value.code == "GAR_STORE_MISSING"


def test_case_57_no_switch_turns_the_replay_store_off():
    # The production API has no test-only escape hatch: tests register their own store.
    parameters = inspect.signature(GarServiceProvider).parameters
    assert set(parameters) == {"config", "pm", "clock"}


class _Requests:
    @hookimpl
    def pixcore_gar_store_request(self, request_id, expires_at):
        return None

    @hookimpl
    def pixcore_gar_consume_request(self, request_id):
        return "fresh"


class _Replay:
    @hookimpl
    def pixcore_gar_replay_check_and_store(self, key, expires_at):
        return True


@pytest.mark.parametrize(
    ("plugins", "missing"),
    [
        ((_Requests(),), "pixcore_gar_replay_check_and_store"),
        ((_Replay(),), "pixcore_gar_store_request"),
    ],
)
def test_case_57_a_missing_store_hook_refuses_to_start(idp, plugins, missing):
    with pytest.raises(GarConfigError) as info:
        GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(*plugins))
    assert info.value.meta == {"store": missing}


def test_case_58_rollover_response_signed_with_new_certificate_accepted(gar):
    keys = gar.idp.keys
    gar.configure(idp_signing_certificates=(keys.idp.cert_pem, keys.idp_next.cert_pem))
    assert gar.post(signing_key=keys.idp_next).subject == "a3f5" * 32
    assert gar.post().subject == "a3f5" * 32


def test_case_58_rollover_response_signed_with_removed_certificate_rejected(gar):
    gar.configure(idp_signing_certificates=(gar.idp.keys.idp_next.cert_pem,))
    gar.refused("SAML_INVALID")


def test_metadata_is_valid_and_names_the_entity_id(gar):
    metadata = gar.sp.metadata()
    assert f'entityID="{gar.idp.sp_entity_id}"' in metadata
    assert 'AuthnRequestsSigned="true"' in metadata
    assert "PRIVATE KEY" not in metadata


def test_relay_state_outside_allow_list_refused_at_login(gar):
    with pytest.raises(GarConfigError):
        gar.sp.begin_login(relay_state="https://evil.example/")


@pytest.mark.parametrize(
    ("override", "setting", "reason"),
    [
        ({"acs_url": "https://pix/api/saml/acs"}, "acs_url", "host_without_dot"),
        ({"idp_sso_url": "https://idp/sso"}, "idp_sso_url", "host_without_dot"),
        ({"sp_entity_id": "https:///metadata.xml"}, "sp_entity_id", "url_without_host"),
        ({"resource_url": "https://gar/ressource"}, "resource_url", "host_without_dot"),
        ({"allowed_relay_states": ("https://x/",)}, "allowed_relay_states", "host_without_dot"),
        ({"required_attributes": ("PRE",)}, "required_attributes", "required_attributes"),
        ({"max_response_bytes": 10}, "max_response_bytes", "out_of_range"),
        ({"unsolicited": "sometimes"}, "unsolicited", "not_allowed_value"),
        ({"want_messages_signed": "perhaps"}, "want_messages_signed", "wrong_type"),
        ({"colour": "blue"}, "colour", "unknown_setting"),
        ({"idp_signing_certificates": ()}, "idp_signing_certificates", "out_of_range"),
    ],
)
def test_configuration_errors_name_the_setting_and_the_reason(idp, override, setting, reason):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(**override)
    error = info.value
    assert error.code == "GAR_CONFIG_INVALID"
    assert error.meta == {"setting": setting, "reason": reason}
    assert error.__cause__ is None  # the reason is in the message, not in a traceback
    assert f"« {setting} »" in error.message and f"'{setting}'" in error.message_en
    french, english = REASONS[reason]
    assert error.message.endswith(f" : {french}.") and error.message_en.endswith(f": {english}.")


def test_a_host_without_a_dot_is_reported_in_french(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(acs_url="https://pix/api/saml/acs")
    assert info.value.message == (
        "Configuration GAR invalide, réglage « acs_url » : le nom d'hôte de l'adresse doit "
        "être un nom de domaine complet, avec un point (par exemple pix.exemple.fr), comme "
        "l'exige python3-saml."
    )


def test_a_missing_setting_is_named(idp):
    from pixcore_gar.config import GarConfig

    values = idp.sp_config().model_dump()
    del values["acs_url"]
    values["sp_private_key"] = idp.keys.sp.key_pem
    with pytest.raises(GarConfigError) as info:
        GarConfig(**values)
    assert info.value.meta == {"setting": "acs_url", "reason": "missing"}


@pytest.mark.parametrize("build", ["init", "model_validate", "model_validate_json"])
def test_every_way_of_building_a_config_gives_a_coded_error(idp, build):
    import json

    from pixcore_gar.config import GarConfig

    values = {**idp.sp_config().model_dump(), "sp_private_key": idp.keys.sp.key_pem}
    values.update(allowed_uai=None, max_response_bytes=1)
    builders = {
        "init": lambda: GarConfig(**values),
        "model_validate": lambda: GarConfig.model_validate(values),
        "model_validate_json": lambda: GarConfig.model_validate_json(json.dumps(values)),
    }
    with pytest.raises(GarConfigError) as info:
        builders[build]()
    assert info.value.meta == {"setting": "max_response_bytes", "reason": "out_of_range"}


def test_pydantic_errors_never_echo_the_private_key(idp):
    with pytest.raises(GarConfigError) as info:
        idp.sp_config(sp_private_key=b"-----BEGIN PRIVATE KEY----- secret".hex(), colour=1)
    assert "secret" not in info.value.message and "BEGIN" not in repr(info.value)


def test_a_url_python3_saml_refuses_is_named_before_the_library_runs(idp):
    config = idp.sp_config(acs_url="https://pix.example.test/api/saml acs")
    with pytest.raises(GarConfigError) as info:
        GarServiceProvider(config, create_gar_plugin_manager(InMemoryStore()))
    assert info.value.meta == {"setting": "acs_url", "reason": "url_refused"}


def test_every_reason_has_both_messages():
    import re
    from pathlib import Path

    import pixcore_gar

    source = "\n".join(p.read_text() for p in Path(pixcore_gar.__file__).parent.glob("*.py"))
    used = set(re.findall(r'config_error\(\s*[^,]+,\s*"([a-z_0-9]+)"', source))
    used |= {"missing", "unknown_setting", "wrong_type", "out_of_range", "not_allowed_value"}
    assert used <= set(REASONS), used - set(REASONS)
    assert {"host_without_dot", "weak_curve", "must_stay_on"} <= used
    for french, english in REASONS.values():
        assert french and english and french != english


@pytest.mark.parametrize(
    ("keys", "setting"),
    [
        ("sp_acs_url_invalid", "acs_url"),
        ("idp_entityId_not_found,sp_cert_not_found_and_required", "idp_entity_id"),
        ("contact_type_invalid", "saml_settings"),
    ],
)
def test_a_python3_saml_settings_refusal_names_our_setting(keys, setting):
    from onelogin.saml2.errors import OneLogin_Saml2_Error
    from pixcore_gar.settings import _library_error

    error = _library_error(OneLogin_Saml2_Error("Invalid dict settings: %s", 0, keys))
    assert error.meta == {"setting": setting, "reason": "refused_by_python3_saml"}
