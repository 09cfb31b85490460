"""JUnit XML: a testcase per rule and file (classname = rule id). Values are
escaped (`escape.display`), so the document stays well-formed XML 1.0
whatever a file name or message holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from ..report import Report
from .escape import display


def render(report: Report) -> str:
    suite = ET.Element("testsuite", name=f"overlay-preflight.{report.command}")
    cases = failures = skipped = 0
    by_case = groupby(
        sorted(report.findings, key=lambda f: (f.rule, f.path, f.line or 0)),
        key=lambda f: (f.rule, f.path),
    )
    seen_rules = set()
    for (rule_id, path), group in by_case:
        items = list(group)
        seen_rules.add(rule_id)
        case = ET.SubElement(suite, "testcase", classname=rule_id, name=display(path))
        cases += 1
        text = "\n".join(
            f"{display(f.path)}:{f.line or 1}: {f.severity} [{f.rule}] {display(f.message)}"
            + (" (expected)" if f.expected else "")
            + (f" (suppressed: {display(f.suppressed)})" if f.suppressed else "")
            for f in items
        )
        failing = [f for f in items if report.failing(f)]
        if failing:
            failures += 1
            node = ET.SubElement(
                case, "failure", message=display(failing[0].message), type=failing[0].severity
            )
            node.text = text + f"\nhint: {display(failing[0].hint)}"
        elif all(f.suppressed is not None for f in items):
            skipped += 1
            ET.SubElement(case, "skipped", message=f"suppressed: {display(items[0].suppressed)}")
        else:
            ET.SubElement(case, "system-out").text = text
    for rule_id in sorted(report.rules_run - seen_rules):
        ET.SubElement(suite, "testcase", classname=rule_id, name="(all files)")
        cases += 1
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element(
        "testsuites",
        name="overlay-preflight",
        tests=str(cases),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
