"""Real page checkers, installed by `make test` from package.json (pinned):
the Nu Html Checker (vnu.jar, on Java), axe-core (injected into Debian
chromium through Playwright) and Lighthouse 12 (Node, with Debian chromium).
Used by sahifa/tests/test_page_checkers.py and bench/lighthouse.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sahifa.core.browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"


def missing() -> str | None:
    """Why the checkers cannot run here, or None."""
    if not shutil.which("java"):
        return "java is not installed (scripts/system-deps.sh test)"
    for path in (VNU_JAR, AXE_JS, LIGHTHOUSE):
        if not path.exists():
            return f"{path.relative_to(ROOT)} is missing: run `make node_modules/.installed`"
    return None


def vnu_errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """Nu Html Checker errors per page name, for {name: html}. One JVM run."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, html in pages.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = name
        run = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in report["messages"]:
        name = files.get(message.get("url", "").removeprefix("file:"), "?")
        found.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} «{message.get('extract', '')}»"
        )
    return {name: errors for name, errors in found.items() if errors}


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page open in a Playwright `page` (the
    context needs bypass_csp=True: the checker is an injected script)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v =>
              `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
        }"""
    )
    return list(result)


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, *, mobile: bool = True, attempts: int = 3) -> dict[str, int]:
    """`_lighthouse_once`, run again when Lighthouse itself fails to record the
    page load (its NO_NAVSTART and similar trace errors come and go with
    headless chromium on a busy machine)."""
    for attempt in range(1, attempts + 1):
        try:
            return _lighthouse_once(url, mobile=mobile)
        except RuntimeError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _lighthouse_once(url: str, *, mobile: bool = True, timeout: float = 180) -> dict[str, int]:
    """Lighthouse scores (0-100) for one URL, run with Debian chromium, and
    the bytes transferred per resource type (`bytes:document`, `bytes:font`,
    `bytes:total` ...)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        flags = [a for a in CHROMIUM_ARGS if a != "--headless=new"] + ["--headless=new"]
        command = [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(flags)} --user-data-dir={tmp}/profile",
        ]
        if not mobile:
            command.append("--preset=desktop")
        run = subprocess.run(
            command,
            check=False,
            timeout=timeout,
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": chromium_path()},
        )
        if run.returncode or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
        data = json.loads(report.read_text())
    result = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    for item in data["audits"]["resource-summary"]["details"]["items"]:
        result[f"bytes:{item['resourceType']}"] = int(item["transferSize"])
    return result
