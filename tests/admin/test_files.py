"""The library files as staff also edit them by hand: only what changed is rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from app.admin.library_files import LibraryDirs, read_library, write_library
from app.admin.models import ItemKind
from tests.admin.conftest import copy_library


def library_at(tmp_path: Path) -> LibraryDirs:
    copy_library(tmp_path)
    return LibraryDirs(tmp_path / "library", tmp_path / "rules", tmp_path / "lexicon")


def test_a_change_rewrites_only_its_own_file_and_leaves_comments_elsewhere(tmp_path: Path):
    dirs = library_at(tmp_path)
    payment = dirs.scripts / "payment.yaml"
    payment.write_text("# 支付相关，小王维护\n" + payment.read_text("utf-8"), "utf-8")
    untouched = payment.read_text("utf-8")
    library = read_library(dirs)
    library.of(ItemKind.SCRIPT)["delivery-days"]["answer"] = "次日达。"
    written = write_library(dirs, library)
    assert written == [dirs.scripts / "logistics.yaml"]
    assert payment.read_text("utf-8") == untouched
    assert not [p for p in tmp_path.rglob("*.tmp")]  # no temporary file left behind


def test_a_script_moved_to_a_new_category_changes_files(tmp_path: Path):
    dirs = library_at(tmp_path)
    library = read_library(dirs)
    library.of(ItemKind.SCRIPT)["huabei"]["category"] = "分期"
    write_library(dirs, library)
    assert not (dirs.scripts / "payment.yaml").exists()  # its only script left
    moved = yaml.safe_load((dirs.scripts / "分期.yaml").read_text("utf-8"))
    assert moved["category"] == "分期"
    assert [s["id"] for s in moved["scripts"]] == ["huabei"]
    assert "category" not in moved["scripts"][0]


def test_words_keep_the_dictionary_header(tmp_path: Path):
    dirs = library_at(tmp_path)
    library = read_library(dirs)
    library.of(ItemKind.WORD)["黄金果"] = {"word": "黄金果", "freq": 300, "pos": None}
    write_library(dirs, library)
    lines = (dirs.lexicon / "userdict.txt").read_text("utf-8").splitlines()
    assert lines[0].startswith("#")
    assert lines[-1] == "黄金果 300"


def test_a_library_with_no_lexicon_files_reads_as_empty(tmp_path: Path):
    dirs = library_at(tmp_path)
    shutil.rmtree(dirs.lexicon)
    library = read_library(dirs)
    assert library.of(ItemKind.SYNONYM) == {} and library.of(ItemKind.WORD) == {}
    assert "shipping-fee" in library.of(ItemKind.SCRIPT)
