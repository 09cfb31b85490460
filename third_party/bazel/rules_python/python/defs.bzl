"""Stand-in for @rules_python//python:defs.bzl: Bazel's native Python rules."""

load("@bazel_tools//tools/python:toolchain.bzl", _py_runtime_pair = "py_runtime_pair")

def _python_version(kwargs):
    # rules_python takes "3.11" and transitions to that toolchain; the native
    # rules know only PY2/PY3, and offline there is one Python 3 toolchain.
    version = kwargs.get("python_version")
    if version and version not in ("PY2", "PY3"):
        kwargs["python_version"] = "PY3"
    return kwargs

def py_binary(**kwargs):
    native.py_binary(**_python_version(kwargs))  # buildifier: disable=native-py

def py_library(**kwargs):
    native.py_library(**kwargs)  # buildifier: disable=native-py

def py_test(**kwargs):
    native.py_test(**_python_version(kwargs))  # buildifier: disable=native-py

def py_runtime(**kwargs):
    native.py_runtime(**kwargs)  # buildifier: disable=native-py

py_runtime_pair = _py_runtime_pair
