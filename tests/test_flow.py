"""The end-to-end job: a real Prefect flow run into real Delta tables on disk."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from deltalake import DeltaTable

from flows.cli import main
from flows.run_flow import run_muster
from flows.store import TableStore, history, table_version

REPO = Path(__file__).resolve().parent.parent


def _events(store: TableStore) -> pl.DataFrame:
    return pl.read_delta(str(store.events))


def test_seed_run_commits_one_version_with_metadata(seed_run):
    s = seed_run.summary
    assert s.committed and s.articles_read == 2 and s.articles_changed == 2 and not s.rejects
    assert table_version(seed_run.store.events) == 1  # v0 = created empty, v1 = this run
    latest = history(seed_run.store.events)[0]
    for key in ("run_id", "muster_version", "git_commit", "model", "model_version", "articles_changed", "events"):
        assert latest.metadata.get(key), key
    assert latest.metadata["run_id"] == s.run_id
    articles = pl.read_delta(str(seed_run.store.articles))
    assert sorted(articles["article_id"]) == ["000_ae47c5515d94b40d", "001_256431eec9779f0e"]
    assert articles["sha256"].str.len_chars().to_list() == [64, 64]
    events = _events(seed_run.store)
    assert events.height == sum(s.events_by_type.values())
    assert events["event_id"].is_unique().all()


def test_rerun_unchanged_writes_no_version_and_one_change_replaces_only_that_article(prefect_harness, tmp_path, seeds_copy):
    seeds = seeds_copy
    table = tmp_path / "out" / "events"
    store = TableStore.at(table)
    first = run_muster(str(seeds), str(table))
    v1 = table_version(store.events)
    before = _events(store)

    second = run_muster(str(seeds), str(table))
    assert not second.committed and second.articles_unchanged == 2
    assert table_version(store.events) == v1 and table_version(store.articles) == table_version(store.articles)

    changed = seeds / "001_256431eec9779f0e.txt"
    changed.write_text(changed.read_text() + "\nNorth Korea sent 2,000 more troops to Russia in March, officials said.")
    third = run_muster(str(seeds), str(table))
    assert third.committed and third.articles_changed == 1 and third.articles_unchanged == 1
    assert table_version(store.events) == v1 + 1  # one new version
    after = _events(store)
    untouched = "000_ae47c5515d94b40d"
    keep = lambda df: df.filter(pl.col("article_id") == untouched).sort("event_id")
    assert keep(after).equals(keep(before))  # same rows, same run_id: not rewritten
    replaced = after.filter(pl.col("article_id") == "001_256431eec9779f0e")
    assert replaced.height > 0 and set(replaced["run_id"]) == {third.run_id}
    assert after["event_id"].is_unique().all()
    assert first.run_id != third.run_id
    # ids are keyed by sentence, not by the whole text: the untouched sentences keep their event ids
    old_ids = set(before.filter(pl.col("article_id") == "001_256431eec9779f0e")["event_id"])
    assert old_ids <= set(replaced["event_id"]) and replaced.height > len(old_ids)

    # a manifest change that alters extraction (published date) re-extracts that article, text unchanged
    manifest = seeds / "manifest.csv"
    manifest.write_text(manifest.read_text().replace(",2025-09-21,", ",2025-10-05,"))
    fourth = run_muster(str(seeds), str(table))
    assert fourth.committed and fourth.articles_changed == 1
    dated = _events(store).filter((pl.col("article_id") == untouched) & pl.col("date_qualifier").eq("since"))
    assert dated["date_end"].to_list() == [dt.date(2025, 10, 5)]  # "since around July" runs to publication


def test_bad_inputs_are_rejected_recorded_once_and_strict_fails(prefect_harness, tmp_path, seeds_copy, capsys):
    seeds = seeds_copy
    (seeds / "stray.txt").write_text("a file with no manifest row")
    (seeds / "empty.txt").write_text("")
    with (seeds / "manifest.csv").open("a") as fh:
        fh.write("empty.txt,empty-1,Empty,P,u,2025-09-21,\n")
    table = tmp_path / "out" / "events"
    assert main(["run", str(seeds), "--table", str(table), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "rejected inputs:  2 new" in out and "stray.txt" in out and "empty file" in out
    rejects = pl.read_delta(str(TableStore.at(table).rejects))
    assert sorted(Path(p).name for p in rejects["input_path"]) == ["empty.txt", "stray.txt"]
    assert main(["run", str(seeds), "--table", str(table)]) == 0  # rerun: not recorded twice
    assert pl.read_delta(str(TableStore.at(table).rejects)).height == 2
    assert "2 already recorded" in capsys.readouterr().out


def test_jsonl_input_runs(prefect_harness, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "j1", "title": "T", "text": "North Korea has sent about 1,500 troops to Russia, Seoul said.", '
        '"published": "2025-09-21", "url": "u", "publisher": "p"}\n'
    )
    summary = run_muster(str(path), str(tmp_path / "out" / "events"))
    assert summary.committed and summary.articles_read == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["run", "/nonexistent/input"], "does not exist"),
        (["run", "seeds", "--table", "/etc/hostname/events"], "cannot write the table"),
    ],
)
def test_user_errors_are_one_line_with_exit_2(args, message, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


def _api_env() -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_LOGGING_LEVEL="WARNING")
    return env


def _muster(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _assert_recovers(seeds: Path, table: Path, env: dict[str, str]) -> None:
    store = TableStore.at(table)
    DeltaTable(str(store.events)).to_pyarrow_table()  # the last committed version is readable
    rerun = _muster("run", str(seeds), "--table", str(table), env=env)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert "Traceback" not in out + err
    events = _events(store)
    assert events["event_id"].is_unique().all()
    articles = pl.read_delta(str(store.articles))
    assert articles["article_id"].is_unique().all() and articles.height == len(list(seeds.glob("*.txt")))


def test_kill_9_between_commits_then_next_run_completes_without_duplicates(prefect_harness, tmp_path, seeds_copy):
    seeds, table = seeds_copy, tmp_path / "out" / "events"
    env = _api_env()
    crashed = _muster("run", str(seeds), "--table", str(table), env={**env, "MUSTER_FAULT": "after-events-commit"})
    crashed.communicate(timeout=300)
    assert crashed.returncode == -signal.SIGKILL
    assert table_version(TableStore.at(table).events) == 1  # events committed, articles not
    _assert_recovers(seeds, table, env)


def test_kill_9_during_extraction_keeps_last_version_then_next_run_completes(prefect_harness, tmp_path, seeds_copy):
    seeds, table = seeds_copy, tmp_path / "out" / "events"
    env = _api_env()
    run_muster(str(seeds), str(table))
    store = TableStore.at(table)
    committed = table_version(store.events)
    for path in seeds.glob("*.txt"):  # change both articles, so the next run has two chunks of one
        path.write_text(path.read_text() + "\nSouth Korea said Pyongyang sent more workers in March.")
    # in-process extraction: the kill takes muster itself down mid-extraction (on the process runner,
    # the default on a multi-core machine, it would take down a worker)
    crashed = _muster(
        "run",
        str(seeds),
        "--table",
        str(table),
        "--chunk-size",
        "1",
        "--runner",
        "thread",
        env={**env, "MUSTER_FAULT": "extracting"},
    )
    crashed.communicate(timeout=300)
    assert crashed.returncode == -signal.SIGKILL
    assert table_version(store.events) == committed  # the crash committed nothing
    _assert_recovers(seeds, table, env)
    assert table_version(store.events) == committed + 1
