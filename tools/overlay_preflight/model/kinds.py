"""The kinds of overlay input a check can read: a check lists them in its
`NEEDS`, and the overlay loads exactly the union of what a command's checks
need."""

ORGANIZATION = "organization"
MODULE_BAZEL = "module_bazel"
JUSTFILE = "justfile"
TFVARS = "tfvars"
WORKFLOWS = "workflows"
TEXTS = "texts"  # every text file, for scans
DATA = "data"  # every other YAML / JSON file, parsed to prove it parses
KUSTOMIZATIONS = "kustomizations"  # every kustomization.yaml / .yml / Kustomization
ALL = frozenset(
    {ORGANIZATION, MODULE_BAZEL, JUSTFILE, TFVARS, WORKFLOWS, TEXTS, DATA, KUSTOMIZATIONS}
)
