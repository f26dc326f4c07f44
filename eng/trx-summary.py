#!/usr/bin/env python3
"""Summarises the TRX files of a `gw test` run into one line: `tests: N passed, N failed, N skipped`.

Usage: trx-summary.py RESULTS_DIR   (RESULTS_DIR holds *.trx and an `exit-codes` file of "<project> <rc>" lines)
Exit status: 0 only when something passed and nothing failed.

Counting: Passed → passed; NotExecuted/Inconclusive (NUnit's Ignore/Inconclusive) → skipped; every other outcome
(Failed, Error, Timeout, Aborted, ...) → failed. A project whose `dotnet test` exited non-zero without any failed
result in its TRX (a crashed or hung test host, a missing TRX, a failed build) counts as one failure, so a broken run
can never print "0 failed".
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main() -> int:
    results = pathlib.Path(sys.argv[1])
    passed = failed = skipped = 0
    failures: list[str] = []
    failed_by_project: dict[str, int] = {}
    for trx in sorted(results.rglob("*.trx")):
        project = trx.stem
        root = ET.parse(trx).getroot()
        for result in root.iterfind(".//t:Results/t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            name = result.get("testName", "?")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive"):
                skipped += 1
            else:
                failed += 1
                failed_by_project[project] = failed_by_project.get(project, 0) + 1
                message = result.findtext(".//t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
                first = message.splitlines()[0][:300] if message else "(no message)"
                failures.append(f"  FAILED {project}: {name}: {first}")
    exit_codes = results / "exit-codes"
    if exit_codes.exists():
        for line in exit_codes.read_text().splitlines():
            if not line.strip():
                continue
            project, rc = line.rsplit(" ", 1)
            if rc != "0" and failed_by_project.get(project, 0) == 0:
                failed += 1
                what = "the build" if project == "build" else f"{project}: the test run"
                failures.append(f"  FAILED {what} exited with {rc} without a failing test result (crash, hang or build error; see artifacts/test-results/)")
    for line in failures:
        print(line)
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    if failed:
        return 1
    if passed + skipped == 0:
        print("no test ran", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
