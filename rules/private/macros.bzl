"""What every public macro does before it declares its rule (private)."""

def default_config():
    """The package's `.overlay-preflight.yaml`, as the CLI would find it, or None."""
    found = native.glob([".overlay-preflight.yaml"], allow_empty = True)
    return found[0] if found else None

def common_args(rule_name, name, strict, expected_warnings, config, suppressions):
    """Checks the arguments every rule shares; fails the BUILD file's load when malformed.

    Args:
      rule_name: the public macro's name, for messages.
      name: the target's name.
      strict: the `strict` argument.
      expected_warnings: the `expected_warnings` argument (select() is let through).
      config: the `config` argument.
      suppressions: `config` under its older name.

    Returns:
      The shared attributes, as keyword arguments for the rule.
    """
    if not name:
        fail("%s: name is required" % rule_name)
    if type(expected_warnings) == "list":
        for w in expected_warnings:
            if not w.split(":", 1)[0] or " " in w:
                fail("%s(%s): expected_warnings entry %r is not RULE or RULE:PATH" % (rule_name, name, w))
    if config and suppressions and config != suppressions:
        fail("%s(%s): config and suppressions both name the .overlay-preflight.yaml; give one" % (rule_name, name))
    return {
        "name": name,
        "strict": strict,
        "expected_warnings": expected_warnings,
        "config": config or suppressions or default_config(),
    }
