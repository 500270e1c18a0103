"""createstaff run where nobody can type a password: a clear message, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def test_createstaff_without_terminal_or_password_says_what_to_do(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "STAFF_PASSWORD"}
    env["SYMPOSIUM_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, str(MANAGE), "createstaff", "nora", "--role", "writer"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "No terminal to ask for the password: set STAFF_PASSWORD" in result.stderr
    assert "STAFF_PASSWORD='a long passphrase' python manage.py createstaff nora --role writer" in result.stderr
