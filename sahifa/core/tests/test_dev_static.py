"""`make run` (dev settings) serves the collected CSS with its brotli twin once
`collectstatic` has run, and the apps' own files before it has: the page's
weight budget counts compressed CSS and JS."""

import json
import os
import subprocess
import sys
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware
middleware = WhiteNoiseMiddleware(lambda request: None)
request = RequestFactory().get("/static/css/sahifa.css", HTTP_ACCEPT_ENCODING="br, gzip")
response = middleware(request)
body = b"".join(response.streaming_content)
print(json.dumps({
    "finders": settings.WHITENOISE_USE_FINDERS,
    "encoding": response.get("Content-Encoding", ""),
    "size": len(body),
}))
"""


def probe(var_dir: Path) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
        "SAHIFA_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "SECRET_KEY": "dev-static-test",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_before_collectstatic_the_apps_files_are_served(tmp_path):
    result = probe(tmp_path)
    source = (ROOT / "sahifa/static/css/sahifa.css").read_bytes()
    assert result == {"finders": True, "encoding": "", "size": len(source)}


def test_after_collectstatic_the_brotli_twin_is_served(tmp_path):
    # What collectstatic with CompressedStaticFilesStorage leaves behind, for
    # the one file the probe asks for.
    css = (ROOT / "sahifa/static/css/sahifa.css").read_bytes()
    collected = tmp_path / "static/css"
    collected.mkdir(parents=True)
    (collected / "sahifa.css").write_bytes(css)
    (collected / "sahifa.css.br").write_bytes(brotli.compress(css))
    result = probe(tmp_path)
    assert result["finders"] is False
    assert result["encoding"] == "br"
    assert result["size"] == len(brotli.compress(css)) < len(css) / 2
