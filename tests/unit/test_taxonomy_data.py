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
