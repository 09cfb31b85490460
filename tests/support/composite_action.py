"""Run a composite action's `run:` steps locally, as the Actions runner runs a
`shell: bash` step: `bash --noprofile --norc -eo pipefail <script>` in the
workspace, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH and
RUNNER_TEMP pointing at local files and directories.

Only what the action needs is understood: `env:` values that are plain text
or exactly one `${{ inputs.X }}` / `${{ steps.ID.outputs.X }}` /
`${{ github.action_path }}`, and `name=value` lines in GITHUB_OUTPUT. Anything
else (an expression inside a `run:` script, an `if:` on a run step) is an
error, so the local run and the runner's cannot quietly differ. `uses:` steps
are not run; their `with:` values are resolved and recorded.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"^\$\{\{\s*([a-z_]+)\.([A-Za-z0-9_.-]+)\s*\}\}$")


@dataclass
class Step:
    id: str
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    action_dir: Path
    workspace: Path
    temp: Path
    inputs: dict[str, str]
    env: dict[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    uses: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.action = yaml.safe_load((self.action_dir / "action.yml").read_text())
        declared = {k: str(v.get("default", "")) for k, v in self.action["inputs"].items()}
        unknown = set(self.inputs) - set(declared)
        if unknown:
            raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
        self.inputs = {**declared, **self.inputs}
        self.summary = self.temp / "step-summary.md"
        self.summary.touch()

    def value(self, text: object) -> str:
        text = str(text)
        if "${{" not in text:
            return text
        match = EXPRESSION.match(text.strip())
        if not match:
            raise ValueError(f"expression not supported locally: {text!r}")
        scope, name = match.groups()
        if scope == "inputs":
            return self.inputs[name]
        if scope == "steps" and ".outputs." in name:
            step_id, _, output = name.partition(".outputs.")
            return self.outputs.get(step_id, {}).get(output, "")
        if (scope, name) == ("github", "action_path"):
            return str(self.action_dir)
        raise ValueError(f"expression not supported locally: {text!r}")

    def run(self, ids: tuple[str, ...] | None = None) -> list[Step]:
        """Run the steps with these ids (default: all), in order, until one fails."""
        done = []
        for n, step in enumerate(self.action["runs"]["steps"]):
            if ids is not None and step.get("id") not in ids:
                continue
            if "uses" in step:
                self.uses.append(
                    (step["uses"], {k: self.value(v) for k, v in step["with"].items()})
                )
                continue
            result = self.run_step(step, f"step{n}")
            done.append(result)
            if result.code != 0:
                break
        return done

    def run_step(self, step: dict, default_id: str) -> Step:
        if step.get("shell") != "bash" or "if" in step or "${{" in step["run"]:
            raise ValueError(f"step {step.get('name')!r} cannot run locally as written")
        step_id = step.get("id", default_id)
        script = self.temp / f"{step_id}.sh"
        script.write_text(step["run"])
        output = self.temp / f"{step_id}.output"
        output.write_text("")
        env = {
            **self.env,
            **{k: self.value(v) for k, v in step.get("env", {}).items()},
            "GITHUB_ACTION_PATH": str(self.action_dir),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
        }
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        outputs = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        self.outputs[step_id] = outputs
        return Step(step_id, proc.returncode, proc.stdout, proc.stderr, outputs)
