"""The guides' pictures of the report (docs/_hooks/pictures.py): every one a page shows is generated, and valid.

The generator runs once for the module into a temporary folder, with Chromium when this machine has it (else with
its placeholders, which must resolve the same names).
"""

from __future__ import annotations

import importlib.util
import logging
import re
import shlex
import struct
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from rich.text import Text

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
HOOK = DOCS / "_hooks" / "pictures.py"
GUIDES = ("kpis", "scheduling", "feedback", "mentoring", "staffing", "knowledge", "meetings", "report")
REFERENCE = re.compile(r"images/generated/([A-Za-z0-9_.-]+)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load_hook() -> ModuleType:
    """The hook as mkdocs loads it: a file, not a module of the package."""
    spec = importlib.util.spec_from_file_location("teamcore_docs_pictures", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pictures = load_hook()


def references(page: Path) -> set[str]:
    return set(REFERENCE.findall(page.read_text(encoding="utf-8")))


def all_references() -> dict[str, Path]:
    return {name: page for page in DOCS.rglob("*.md") for name in references(page)}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first, right after the signature)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def site_config() -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(DOCS), "site_dir": "/nonexistent"})
    errors, _ = config.validate()
    assert not errors
    config.plugins["pictures"] = pictures  # as mkdocs registers a file of hooks: events by their on_ names
    return config


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("generated")
    return {path.name: path for path in pictures.generate_into(folder, pictures.find_chromium())}


class TestGuides:
    @pytest.mark.parametrize("guide", GUIDES)
    def test_every_guide_shows_a_generated_picture(self, guide, generated):
        """Each guide of a report section names at least one generated picture, and each one it names is valid."""
        names = references(DOCS / "guides" / f"{guide}.md")
        assert names
        for name in names:
            data = generated[name].read_bytes()
            if name.endswith(".svg"):
                root = ET.fromstring(data)
                assert root.tag == "{http://www.w3.org/2000/svg}svg"
                assert len(root) > 0
            else:
                assert name.endswith(".png")
                width, height = png_size(data)
                assert min(width, height) > 0

    def test_every_reference_is_generated(self, generated):
        """No page of the docs names a picture the generator does not make (a renamed plot fails here)."""
        missing = {
            name: str(page.relative_to(ROOT)) for name, page in all_references().items() if name not in generated
        }
        assert not missing

    def test_images_have_alt_text(self):
        """Every generated picture a page shows has alt text of a few words, not an empty or one-word label."""
        image = re.compile(r"!\[([^\]]*)\]\([^)]*images/generated/")
        for page in DOCS.rglob("*.md"):
            for alt in image.findall(page.read_text(encoding="utf-8")):
                assert len(alt.split()) >= 5, (page, alt)

    def test_the_hand_made_picture_is_gone(self):
        """The report guide shows the generated first screens, not the old hand-made screenshot."""
        assert not (DOCS / "images" / "report.png").exists()
        assert {"report-first-screen-1280.png", "report-first-screen-390.png"} <= references(
            DOCS / "guides" / "report.md"
        )


class TestGenerator:
    def test_first_screens_have_their_widths(self, generated):
        """The first screens are 1280 and 390 px wide, drawn or placeholder."""
        assert png_size(generated["report-first-screen-1280.png"].read_bytes())[0] == 1280
        assert png_size(generated["report-first-screen-390.png"].read_bytes())[0] == 390

    def test_a_plot_per_plot_of_the_report(self, generated):
        """Every plot of the demo report and of the meetings team's has its SVG, named by section and title."""
        report = pictures.build_report(pictures.demo_context())
        names = {
            pictures.plot_name(s.key, b) for s in report.sections for b in s.blocks if isinstance(b, pictures.Plot)
        }
        assert names
        assert names <= set(generated)
        assert any(name.startswith("meetings-") and name.endswith(".svg") for name in generated)

    def test_same_svgs_and_names_without_chromium(self, generated):
        """A second run gives the same SVG bytes; without Chromium the same names, the PNGs as placeholders."""
        again = pictures.generate(None)
        assert set(again) == set(generated)
        for name, path in generated.items():
            if name.endswith(".svg"):
                assert again[name] == path.read_bytes(), name
            else:
                assert png_size(again[name])[0] in {pictures.WIDE, pictures.NARROW}

    def test_terminal_first_screen_is_80_columns_and_24_lines(self, generated):
        """The terminal picture is the 80-column report's first 24 lines, from its title to the attention list."""
        report = pictures.build_report(pictures.demo_context())
        lines = pictures.terminal_screens(report)["terminal-first-screen.svg"].splitlines()
        assert len(lines) == pictures.TERMINAL_LINES
        assert all(Text.from_ansi(line).cell_len <= pictures.TERMINAL_COLUMNS for line in lines)
        assert "Team health: Northwind" in Text.from_ansi(lines[0]).plain
        svg = generated["terminal-first-screen.svg"].read_text(encoding="utf-8")
        assert "Needs&#160;attention" in svg

    @pytest.mark.skipif(pictures.find_chromium() is None, reason="chromium is not installed (make browser)")
    def test_sections_are_drawn_by_chromium(self, generated):
        """With Chromium, each section's picture is its card at the 1280 px layout, taller than a placeholder."""
        for name in ("kpi-section.png", "staffing-section.png", "meetings-section.png"):
            width, height = png_size(generated[name].read_bytes())
            assert pictures.NARROW < width <= pictures.WIDE
            assert height > 300

    def test_the_inputs_are_make_demos(self):
        """The hook reads the files and --now that ``make demo`` reads (its project file), so the pictures are of it."""
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
        words = shlex.split(recipe.replace("$(EXAMPLE)", "examples/northwind"))
        assert {w for w in words if w.startswith("--")} == {"--config", "--now", "--html", "--json"}
        config = ROOT / words[words.index("--config") + 1]
        project = tomllib.loads(config.read_text(encoding="utf-8"))
        data, policies = project["data"], project["policies"]
        read = {
            "--tickets": data["tickets"], "--events": data["events"], "--feedback": data["feedback"],
            "--feedback-policy": policies["feedback"], "--mentoring": data["mentoring"],
            "--staffing": data["forecast"], "--knowledge": data["knowledge"], "--sla": policies["sla"],
        }  # fmt: skip
        assert read == dict(pictures.DEMO_INPUTS)
        assert project["defaults"]["aht"] == 300
        now = re.search(r"^DEMO_NOW := (\S+)$", makefile, re.MULTILINE)
        assert now is not None
        assert pictures.NOW.isoformat().replace("+00:00", "Z") == now.group(1)


class TestHook:
    def test_adds_the_pictures_and_warns_without_chromium(self, monkeypatch, caplog):
        """``on_files`` adds each picture under images/generated/, and warns (a --strict failure) with no Chromium."""
        made = []

        def fake_generate(chromium):
            made.append(chromium)
            return {"a.svg": b"<svg/>", "b.png": PNG_SIGNATURE}

        monkeypatch.setattr(pictures, "find_chromium", lambda: None)
        monkeypatch.setattr(pictures, "generate", fake_generate)
        config = site_config()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            files = config.plugins.on_files(Files([]), config=config)
        assert made == [None]
        assert sorted(f.src_uri for f in files) == ["images/generated/a.svg", "images/generated/b.png"]
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert warnings[0].name.startswith("mkdocs.")
        assert "chromium was not found" in warnings[0].getMessage()

    def test_a_failing_browser_falls_back_to_placeholders(self, monkeypatch, caplog):
        """When Chromium fails mid-way, the build still has every picture (placeholders) and says why."""

        def fake_generate(chromium):
            if chromium is not None:
                raise pictures.PictureError("chromium closed the DevTools pipe")
            return {"a.png": PNG_SIGNATURE}

        monkeypatch.setattr(pictures, "find_chromium", lambda: "/usr/bin/chromium")
        monkeypatch.setattr(pictures, "generate", fake_generate)
        config = site_config()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            files = config.plugins.on_files(Files([]), config=config)
        assert [f.src_uri for f in files] == ["images/generated/a.png"]
        assert any("closed the DevTools pipe" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


@given(st.text())
def test_slug_is_a_file_name_part(text):
    """A slug has only lower-case letters, digits and single inner hyphens, and slugging it again changes nothing."""
    name = pictures.slug(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", name)
    assert pictures.slug(name) == name


@pytest.mark.skipif(pictures.find_chromium() is None, reason="chromium is not installed (make browser)")
def test_a_section_the_page_lacks_is_an_error():
    """Asking Chromium for a section the HTML has no <section> for raises, rather than leaving a picture out."""
    report = pictures.build_report(pictures.demo_context())
    with pytest.raises(pictures.PictureError, match=r"no <section id=\.\.\.> for nowhere"):
        pictures.browser_pictures({"attention": report, "nowhere": report}, pictures.find_chromium())
