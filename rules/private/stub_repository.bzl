"""A repository made of files from this one: used for the offline stand-ins."""

def _stub_repository_impl(rctx):
    for label, dest in rctx.attr.files.items():
        rctx.symlink(rctx.path(label), dest)
    if not rctx.path("WORKSPACE").exists:
        rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)

stub_repository = repository_rule(
    implementation = _stub_repository_impl,
    doc = "Builds a small repository from files of this one (offline stand-ins).",
    attrs = {
        "files": attr.label_keyed_string_dict(
            doc = "Source file -> path inside the new repository.",
            allow_files = True,
            mandatory = True,
        ),
    },
)

def stub_files(directory, paths):
    """Maps `//third_party/bazel:<directory>/<path>` to `<path>`.

    Args:
      directory: the stand-in's directory under third_party/bazel.
      paths: files inside it; `BUILD.in` files become `BUILD.bazel`.

    Returns:
      A dict for stub_repository's `files`.
    """
    files = {}
    for path in paths:
        dest = path[:-len("BUILD.in")] + "BUILD.bazel" if path.endswith("BUILD.in") else path
        files[Label("//third_party/bazel:%s/%s" % (directory, path))] = dest
    return files
