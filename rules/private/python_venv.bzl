"""The offline Python toolchain: the tool venv made by ./setup, keyed by the lock hash."""

def _lock_hash(rctx):
    lock = rctx.path(rctx.attr.lock)
    result = rctx.execute(["sha256sum", str(lock)])
    if result.return_code != 0:
        fail("overlay-preflight: cannot hash %s: %s" % (lock, result.stderr))
    return result.stdout.split(" ")[0][:16]

def _tool_home(rctx):
    home = rctx.os.environ.get("OVERLAY_PREFLIGHT_HOME", "")
    if home:
        return home
    if not rctx.os.environ.get("HOME"):
        fail("overlay-preflight: neither OVERLAY_PREFLIGHT_HOME nor HOME is set")
    return rctx.os.environ["HOME"] + "/.cache/overlay-preflight"

def _overlay_preflight_python_impl(rctx):
    venv = "%s/venv-%s" % (_tool_home(rctx), _lock_hash(rctx))
    python = venv + "/bin/python3"
    if not rctx.path(python).exists or not rctx.path(venv + "/.complete").exists:
        fail(("overlay-preflight: the tool venv %s is missing or incomplete " +
              "(requirements.lock changed?). Run ./setup in the overlay-preflight " +
              "checkout, then run bazel again.") % venv)
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.template("BUILD.bazel", rctx.attr._build_tpl, {"{PYTHON}": python})

overlay_preflight_python = repository_rule(
    implementation = _overlay_preflight_python_impl,
    doc = "A py_runtime toolchain whose interpreter is the tool venv made by ./setup.",
    attrs = {
        "lock": attr.label(
            doc = "The requirements.lock whose sha256 names the venv.",
            allow_single_file = True,
            mandatory = True,
        ),
        "_build_tpl": attr.label(default = Label("//rules/private:python_venv.BUILD.tpl")),
    },
    environ = ["HOME", "OVERLAY_PREFLIGHT_HOME"],
    local = True,
)

def _normalize(name):
    return name.lower().replace("-", "_").replace(".", "_")

def _pip_standin_impl(rctx):
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.file("BUILD.bazel", "")
    for line in rctx.read(rctx.attr.lock).splitlines():
        line = line.split("#")[0].strip()
        if "==" not in line:
            continue
        name = _normalize(line.split("==")[0].split("[")[0].strip())
        rctx.file(name + "/BUILD.bazel", "\n".join([
            'load("@rules_python//python:defs.bzl", "py_library")',
            "",
            "# Provided by the toolchain's venv (see @overlay_preflight_python).",
            'py_library(name = "%s", visibility = ["//visibility:public"])' % name,
            'alias(name = "pkg", actual = ":%s", visibility = ["//visibility:public"])' % name,
            "",
        ]))

pip_standin = repository_rule(
    implementation = _pip_standin_impl,
    doc = "Empty py_library targets named like rules_python's pip hub, one per locked package.",
    attrs = {
        "lock": attr.label(
            doc = "The requirements.lock listing the packages.",
            allow_single_file = True,
            mandatory = True,
        ),
    },
)
