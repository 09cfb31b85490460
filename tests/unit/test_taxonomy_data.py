"""overlay_preflight.taxonomy_data: the public accessor over data/taxonomy.yaml."""

import pytest

from overlay_preflight.checks.registration import parse_url
from overlay_preflight.model import taxonomy_data
from overlay_preflight.model.github import GitHubScope as Scope


def test_shared_labels_are_the_six_documented_labels_in_order():
    assert taxonomy_data.shared_labels() == (
        "tinyland-nix",
        "tinyland-docker",
        "tinyland-dind",
        "tinyland-nix-heavy",
        "tinyland-nix-kvm",
        "tinyland-nix-gpu",
    )


def test_capability_suffixes_and_families_come_from_the_data_file():
    assert {
        "kvm",
        "gpu",
        "heavy",
        "x86_64",
        "arm64",
        "privileged",
    } <= taxonomy_data.capability_suffixes()
    assert "massageithaca" not in taxonomy_data.capability_suffixes()
    assert taxonomy_data.label_families() == ("nix", "docker", "dind")


@pytest.mark.parametrize(
    "label",
    [
        "tinyland-nix",
        "tinyland-dind",
        "tinyland-nix-kvm",
        "tinyland-docker-arm64",
        "tinyland-nix-x86_64-gpu",
        "tinyland-dind-privileged",
    ],
)
def test_capability_labels(label):
    assert taxonomy_data.is_capability_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "tinyland-massageithaca",
        "scheduling-kit-runner",
        "jesssullivan-nix",
        "dell-7810",
        "tinyland-nix-scheduling",
        "tinyland-podman",
        "tinyland-",
        "tinyland-nix-",
        "Tinyland-Nix",
        "tubebrain-nix",
        "",
    ],
)
def test_non_capability_labels(label):
    assert not taxonomy_data.is_capability_label(label)


def test_compatibility_lanes_know_tubebrain():
    lanes = taxonomy_data.compatibility_lanes()
    assert [lane.name for lane in lanes] == ["tubebrain-nix"]
    assert taxonomy_data.compatibility_lane("gh-nix", "tubebrain-nix") == lanes[0]
    assert taxonomy_data.compatibility_lane("tinyland-nix") is None


@pytest.mark.parametrize(
    "url,scope",
    [
        ("https://github.com/tinyland-inc", Scope("tinyland-inc", None)),
        ("https://github.com/Example-Org/", Scope("Example-Org", None)),
        (
            "https://github.com/Jesssullivan/jesssullivan-infra",
            Scope("Jesssullivan", "jesssullivan-infra"),
        ),
        ("https://ghe.example.com:8443/Org/repo.name", Scope("Org", "repo.name")),
    ],
)
def test_parse_url_scopes(url, scope):
    assert parse_url(url) == scope


@pytest.mark.parametrize(
    "url",
    [
        None,
        42,
        "",
        "github.com/tinyland-inc",
        "http://github.com/tinyland-inc",
        "https://github.com/",
        "https://github.com/a/b/c",
        "https://github.com/-bad",
        "https://github.com/org/repo?x=1",
        "${var.url}",
    ],
)
def test_parse_url_rejects_malformed(url):
    assert parse_url(url) is None


def test_operator_is_not_a_capability_suffix():
    assert "operator" not in taxonomy_data.capability_suffixes()
    assert not taxonomy_data.is_capability_label("tinyland-nix-operator")


def test_identity_tokens_derive_from_owner_names():
    tokens = taxonomy_data.identity_tokens("Great-Falls-Tool-Bus", "Great Falls Tool Bus")
    assert {"great", "falls", "greatfalls", "toolbus", "greatfallstoolbus", "gftb"} <= tokens
    assert "acuity" in tokens  # the estate's project names are always there


def test_the_label_vocabulary_is_never_an_identity():
    tokens = taxonomy_data.identity_tokens("tinyland-inc", "Tinyland", "GPU-Works", "nix-kvm")
    assert {"inc", "works", "gpuworks"} <= tokens
    assert not {"tinyland", "gpu", "nix", "kvm", "docker"} & tokens


def test_label_identity_tokens_match_whole_words():
    tokens = taxonomy_data.identity_tokens("Sample-Owner", "x")
    assert taxonomy_data.label_identity_tokens("tinyland-nix-sample", tokens) == ["sample"]
    assert taxonomy_data.label_identity_tokens("tinyland-nix-x86_64", tokens) == []
    assert taxonomy_data.label_identity_tokens("tinyland-nix-x", tokens) == ["x"]


def test_estate_rulings_and_lists_are_data():
    rulings = taxonomy_data.runner_group_rulings()
    assert (rulings.policy, rulings.visibility, rulings.restricted_to_workflows) == (
        "organization-restricted",
        "selected",
        False,
    )
    assert rulings.ruling_field == "infra_repo_admission_ruling"
    assert "personal-docker" in taxonomy_data.cache_exempt_lanes()
    assert len(taxonomy_data.retired_attic_public_keys()) >= 1


def test_a_malformed_data_file_is_refused(monkeypatch):
    from overlay_preflight import data

    good = data.load(taxonomy_data.DATA_FILE)
    monkeypatch.setattr(data, "load", lambda name: {**good, "runner_group": {"policy": 1}})
    taxonomy_data._data.cache_clear()
    try:
        with pytest.raises(ValueError, match="runner_group"):
            taxonomy_data.runner_group_rulings()
    finally:
        monkeypatch.undo()
        taxonomy_data._data.cache_clear()
