"""Personal data on PostgreSQL (issue 17): the table, the rewrite after an erasure, the CLI.

The contract suite (``PersonalDataContract``) checks the behaviour and scans the files;
these tests check how: 16 hash partitions stored uncompressed and never sampled into
``pg_statistic``, only the partitions an erasure touched rewritten (again when it is
retried), a role that could not rewrite them refused before anything is deleted, and
the command line given a ``postgresql://`` address.
"""

from __future__ import annotations

import json
from pathlib import Path

import pg_support
import pytest
from pixcore_postgres import PostgresEventStore, PostgresStoreError
from pixcore_postgres._schema import PERSONAL_PARTITIONS

from pixcore.cli import EXIT_OK, main
from pixcore.lifecycle.vault import NewRecord
from pixcore.testing.store_model import T0, answer


def _schema(dsn: str) -> str:
    return dsn.rpartition("schema=")[2]


def _filenodes(schema: str) -> dict[str, int]:
    rows = pg_support.raw(
        "SELECT c.relname, pg_relation_filenode(c.oid) FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'"
        " AND c.relname LIKE 'personal_data_%%'",
        schema,
    )
    return {str(name): int(node) for name, node in rows}


def test_personal_data_is_partitioned_uncompressed_and_never_sampled(dsn: str) -> None:
    rows = pg_support.raw(
        "SELECT c.relname, a.attname, a.attstorage, a.attstattarget FROM pg_inherits i"
        " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_attribute a ON a.attrelid = c.oid"
        " WHERE i.inhparent = to_regclass(%s) AND a.attname IN ('data', 'kind')",
        f"{_schema(dsn)}.personal_data",
    )
    assert len({name for name, *_ in rows}) == PERSONAL_PARTITIONS
    assert {(column, storage, target) for _, column, storage, target in rows} == {
        ("data", "e", 0),  # external: out of line, never compressed
        ("kind", "x", 0),
    }


def test_an_erasure_rewrites_only_the_partitions_it_touched(dsn: str) -> None:
    schema = _schema(dsn)
    records = [NewRecord(f"r-{i}", "text", f'"value {i}"') for i in range(64)]
    with PostgresEventStore(dsn, pool_size=2) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0, personal=records)
        before = _filenodes(schema)
        where = f'SELECT tableoid::regclass::text FROM "{schema}".personal_data WHERE ref = %s'
        home = pg_support.raw(where, "r-7")[0][0].rpartition(".")[2]
        assert store.erase_personal_data({"r-7"}) == 1
        after = _filenodes(schema)
        assert {name for name in before if before[name] != after[name]} == {home}
        assert len(store.personal_data([r.ref for r in records])) == 63
        # a retried erasure (say the rewrite failed) rewrites the same partition again
        assert store.erase_personal_data({"r-7"}) == 0
        again = _filenodes(schema)
        assert {name for name in after if after[name] != again[name]} == {home}
        assert store.erase_personal_data(()) == 0
        assert _filenodes(schema) == again


def test_a_role_that_cannot_rewrite_the_partitions_is_refused_before_deleting(
    dsn: str,
) -> None:
    schema = _schema(dsn)
    role = f"{schema}_app"
    pg_support.raw(
        f'CREATE ROLE "{role}" LOGIN; GRANT USAGE ON SCHEMA "{schema}" TO "{role}";'
        f' GRANT SELECT, INSERT ON "{schema}".events TO "{role}";'
        f' GRANT SELECT, INSERT, DELETE ON "{schema}".personal_data TO "{role}";'
        f' GRANT SELECT ON "{schema}".schema_migrations TO "{role}"'
    )
    port = pg_support.shared().port
    app_dsn = f"postgresql://{role}@127.0.0.1:{port}/postgres?schema={schema}"
    record = NewRecord("r-1", "civil", '"QzNAME"')
    with PostgresEventStore(app_dsn, pool_size=1) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0, personal=[record])
        with pytest.raises(PostgresStoreError) as refused:
            store.erase_personal_data({"r-1"})
        assert refused.value.code == "POSTGRES_PERMISSION_DENIED"
        assert dict(store.personal_data({"r-1"})) == {"r-1": '"QzNAME"'}  # nothing deleted
        owner = pg_support.raw(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(%s)",
            f"{schema}.personal_data_00",
        )[0][0]
        pg_support.raw(f'GRANT "{owner}" TO "{role}"')  # a member of the owning role may
        assert store.erase_personal_data({"r-1"}) == 1
        assert dict(store.personal_data({"r-1"})) == {}


def test_the_cli_reads_a_postgresql_address_as_text(
    dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--store postgresql://...`` reaches the plugin whole (a ``Path`` mangles ``//``)."""
    monkeypatch.chdir(tmp_path)
    create = ["session", "create", "--number", "77", "--site", "S", "--room", "R",
              "--date", "12/03/2026", "--time", "09:00", "--invigilator", "I",
              "--access-code", "BCDF23", "--store", dsn]  # fmt: skip
    assert main(create) == EXIT_OK, capsys.readouterr().err
    capsys.readouterr()
    assert main(["session", "show", "77", "--json", "--store", dsn]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["session"]["number"] == 77
    with PostgresEventStore(dsn, pool_size=1) as store:
        assert store.streams() == ("77",)
    assert list(tmp_path.iterdir()) == []  # no file, no folder named after the address
    assert main(["store", "seal-personal-data", "--json", "--store", dsn]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == {"events_rewritten": 0}
    assert main(["store", "seal-personal-data", "--store", dsn]) == EXIT_OK
    assert "0 événement" in capsys.readouterr().out
