"""A plan is a proof only when it is whole and the one reviewed: `errored`
exactly false, written by the pinned OpenTofu version, no top-level field
outside the documented plan format, and (given a recorded digest) the binary
plan's sha256 the one recorded at plan time. Nothing is executed: the
digest is compared, the JSON is read. Reads `model.plan_review`."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model.plan_review import PlanReview
from ..report import Finding, finding

PLAN_ERRORED = registry.rule(
    "plan-errored",
    registry.BLOCKER,
    "The plan is incomplete: planning failed (`errored` is true) or the plan does not say.",
    "Fix the errors `tofu plan` printed and plan again; an errored plan proves nothing "
    "about what an apply would do.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_VERSION = registry.rule(
    "plan-version-mismatch",
    registry.BLOCKER,
    "The plan was written by another OpenTofu version than the pinned one.",
    "Plan with the pinned OpenTofu (the operators' toolchain), or move the pin "
    "(--tofu-version / policy plan.tofu_version) in a reviewed change.",
    concern="plan",
)
PLAN_UNKNOWN_FIELD = registry.rule(
    "plan-unknown-field",
    registry.WARNING,
    "The plan has a top-level field outside the documented plan JSON format.",
    "A newer OpenTofu may have added it: read what it says before applying, then "
    "update overlay-preflight; an edited plan is not a reviewed plan.",
    concern="plan",
)
PLAN_DIGEST = registry.rule(
    "plan-digest-mismatch",
    registry.BLOCKER,
    "The binary plan is not the one recorded at plan time (sha256 differs).",
    "Review the plan you will apply: render its JSON again from the recorded plan "
    "file, or plan again and record the new digest.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
RULES = (PLAN_ERRORED, PLAN_VERSION, PLAN_UNKNOWN_FIELD, PLAN_DIGEST)


def check(review: PlanReview) -> Iterator[Finding]:
    rel, data = review.plan.rel, review.data
    errored = data.get("errored")
    if errored is not False:
        said = "true" if errored is True else "absent" if errored is None else "not a boolean"
        yield finding(
            PLAN_ERRORED,
            rel,
            data.line_of("errored") if "errored" in data else None,
            f"errored is {said}: the plan is not a proof of what an apply does",
            key=said,
        )
    version = data.get("terraform_version")
    if review.expected_version and version != review.expected_version:
        shown = repr(version[:40]) if isinstance(version, str) else "absent"
        yield finding(
            PLAN_VERSION,
            rel,
            data.line_of("terraform_version") if "terraform_version" in data else None,
            f"terraform_version {shown} is not the pinned {review.expected_version!r}",
            key=f"{version}|{review.expected_version}",
        )
    for name, line in review.unknown_fields:
        yield finding(
            PLAN_UNKNOWN_FIELD,
            rel,
            line,
            f"top-level field {name[:80]!r} is not in the plan JSON format 1.x",
            key=name,
        )
    digest = review.digest
    if digest is not None and digest.actual != digest.recorded:
        yield finding(
            PLAN_DIGEST,
            digest.path,
            None,
            f"sha256 {digest.actual} differs from {digest.recorded} recorded in {digest.source}",
            key=f"{digest.actual}|{digest.recorded}",
        )
