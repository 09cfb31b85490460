"""GitHub Actions workflow files: safe YAML with lines, plus light accessors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import Source
from .yamlfile import LineDict, load_yaml_mapping


@dataclass(frozen=True)
class EnvValue:
    name: str
    value: Any
    line: int
    scope: str  # "workflow", "job <id>" or "job <id> step <n>"


@dataclass(frozen=True)
class Workflow:
    rel: str
    data: LineDict

    @property
    def jobs(self) -> dict[Any, Any]:
        jobs = self.data.get("jobs")
        return jobs if isinstance(jobs, dict) else {}

    def steps(self) -> Iterator[tuple[str, int, LineDict]]:
        for job_id, job in self.jobs.items():
            steps = job.get("steps") if isinstance(job, dict) else None
            if not isinstance(steps, list):
                continue
            for index, step in enumerate(steps):
                if isinstance(step, LineDict):
                    yield str(job_id), index, step

    def env_values(self, name: str) -> Iterator[EnvValue]:
        """Every `env: {name: ...}` at workflow, job and step level."""

        def scan(holder: Any, scope: str) -> Iterator[EnvValue]:
            env = holder.get("env") if isinstance(holder, dict) else None
            if isinstance(env, LineDict) and name in env:
                yield EnvValue(name, env[name], env.line_of(name), scope)

        yield from scan(self.data, "workflow")
        for job_id, job in self.jobs.items():
            yield from scan(job, f"job {job_id}")
        for job_id, index, step in self.steps():
            yield from scan(step, f"job {job_id} step {index + 1}")


def load_workflow(src: Source) -> Workflow:
    return Workflow(src.rel, load_yaml_mapping(src))
