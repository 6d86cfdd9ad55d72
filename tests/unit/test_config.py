from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newstrace.config import build_config, load_toml, parse_overrides
from newstrace.errors import ConfigError


@dataclass(frozen=True)
class Demo:
    min_words: int = 5
    ratio: float = 0.5
    strict: bool = False
    names: tuple[str, ...] = ("a",)
    label: str = "x"


def test_sections_and_overrides_in_order(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text('[demo]\nmin_words = 7\nnames = ["p", "q"]\n')
    data = load_toml(toml)
    over = parse_overrides(["demo.ratio=0.25", "demo.strict=yes", "demo.min_words=9"])
    cfg = build_config(Demo, data["demo"], over["demo"], where="demo")
    assert cfg == Demo(min_words=9, ratio=0.25, strict=True, names=("p", "q"))


def test_unknown_key_and_bad_value_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown setting 'min_word'"):
        build_config(Demo, {"min_word": 3})
    with pytest.raises(ConfigError, match="cannot use 'many'"):
        build_config(Demo, {"min_words": "many"})
    with pytest.raises(ConfigError, match="SECTION.KEY=VALUE"):
        parse_overrides(["nodot=1"])
    bad = tmp_path / "bad.toml"
    bad.write_text("[demo\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_toml(bad)
