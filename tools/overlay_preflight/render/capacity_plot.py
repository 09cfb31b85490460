"""`capacity --plot FILE.png`: worst-case demand per owner, stacked, against
each pool's allocatable (black) and the policy's limit (red, dashed).

matplotlib is an optional dependency (`pip install 'overlay-preflight[plot]'`),
imported lazily with the Agg backend: no display is needed.
"""

from __future__ import annotations

from typing import Any

from .capacity_units import scale, unit


class PlotUnavailable(Exception):
    """matplotlib is not installed."""


def require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotUnavailable(
            "--plot needs matplotlib, an optional dependency: "
            "pip install 'overlay-preflight[plot]' (or matplotlib==3.11.2)"
        ) from None


def write_png(pools: dict[str, Any], path: str) -> None:
    """`pools` is the capacity summary: pool -> {nodes, resources}."""
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted(pools)
    from ..loaders.quantity import K8S_RESOURCES as resources

    owners = sorted(
        {o for p in pools.values() for r in p["resources"].values() for o in r["by_owner"]}
    )
    fig, axes = plt.subplots(1, len(resources), figsize=(4 * len(resources), 4.5), dpi=100)
    for ax, resource in zip(axes, resources, strict=True):
        base = [0.0] * len(names)
        for owner in owners:
            heights = [
                scale(
                    resource,
                    pools[p]["resources"][resource]["by_owner"].get(owner, {}).get("demand", 0.0),
                )
                for p in names
            ]
            ax.bar(names, heights, bottom=base, label=owner)
            base = [b + h for b, h in zip(base, heights, strict=True)]
        for i, pool in enumerate(names):
            fig_ = pools[pool]["resources"][resource]
            if fig_["allocatable"] is None:
                continue
            cap = scale(resource, fig_["allocatable"])
            ax.hlines(cap, i - 0.4, i + 0.4, colors="black", linewidth=2)
            ax.hlines(cap * fig_["max"], i - 0.4, i + 0.4, colors="red", linestyles="dashed")
        ax.set_title(f"{resource} ({unit(resource)})")
        ax.tick_params(axis="x", labelrotation=30)
    axes[0].legend(title="owner", fontsize="small")
    fig.suptitle(
        "worst-case runner demand per owner vs pool allocatable (black) and policy limit (red)"
    )
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
