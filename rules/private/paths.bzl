"""Where a file is, seen from the test's runfiles (private)."""

def runfiles_path(ctx, f):
    """Path of `f` under $TEST_SRCDIR (short_path is ../<repo>/... outside the main repo).

    Args:
      ctx: the rule context.
      f: the File.

    Returns:
      The path, relative to $TEST_SRCDIR.
    """
    if f.short_path.startswith("../"):
        return f.short_path[len("../"):]
    return ctx.workspace_name + "/" + f.short_path

def package_dir(ctx):
    """The test's package, relative to the test's starting directory ($TEST_SRCDIR/$TEST_WORKSPACE).

    Args:
      ctx: the rule context.

    Returns:
      `pkg`, `.` for the root package, or `../<repo>/pkg` outside the main repo.
    """
    root = ctx.label.workspace_root
    if root:
        root = "../" + root.split("/", 1)[1]
        return root + "/" + ctx.label.package if ctx.label.package else root
    return ctx.label.package or "."

def relative(path, start):
    """`path` relative to the directory `start` (both relative to the same directory).

    Args:
      path: a slash-separated path.
      start: a slash-separated directory, or `.`.

    Returns:
      The relative path.
    """
    if start == ".":
        return path
    parts, base = path.split("/"), start.split("/")
    common = 0
    for i in range(min(len(parts), len(base))):
        if parts[i] != base[i]:
            break
        common = i + 1
    return "/".join([".."] * (len(base) - common) + parts[common:])

def package_path(ctx, f):
    """`f` relative to the test's package, the directory the tool runs in.

    Args:
      ctx: the rule context.
      f: the File.

    Returns:
      The path the tool is given and the report prints.
    """
    return relative(f.short_path, package_dir(ctx))
