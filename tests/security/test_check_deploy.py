"""`manage.py check --deploy` with DEBUG off, a secret key and allowed hosts prints no warning (issue 12)."""

import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_gives_no_warning_with_debug_off_a_secret_key_and_allowed_hosts(tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "RBM_", "AXES_"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "q8-Vx2mZr7Lw!pK4sNd9#bTf6hJc3yGe1uAo5iXz0QvWnRt-deploy-check-only",
        "DJANGO_ALLOWED_HOSTS": "rbm.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
    }

    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout
    assert "WARNING" not in run.stdout + run.stderr.replace("WARNINGS", "")
