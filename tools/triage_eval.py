"""Measure the red-flag rules on the project's two sets: recall on messages
that must trigger, false alarms on everyday questions that must not.

    .venv/bin/python tools/triage_eval.py            # figures, misses, false alarms
    .venv/bin/python tools/triage_eval.py --json     # figures as JSON

Sets: tests/data/triage/red_flags.tsv (category, language, text) and
tests/data/triage/benign.tsv (language, text). Targets: recall 100 %,
false alarms under 5 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bimedix.core.triage import load_rules

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "triage"
# The red-flag set's short category names, mapped to the rules' categories.
CATEGORY = {
    "chest_pain": "chest_pain", "stroke": "stroke", "bleeding": "severe_bleeding",
    "anaphylaxis": "anaphylaxis", "breathing": "breathing",
    "consciousness": "consciousness_seizure", "poisoning": "poisoning_overdose",
    "suicide": "suicide_self_harm", "pregnancy": "pregnancy_bleeding",
    "infant_fever": "infant_fever", "burns": "severe_burns",
}  # fmt: skip


def read_tsv(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def measure(rules_path: Path | None = None) -> dict:
    """Recall (right category caught) and false-alarm rate, per language."""
    rules = load_rules(rules_path)
    result: dict = {"rules_version": rules.version, "misses": [], "false_alarms": []}
    for language in ("en", "ar", "all"):
        result[language] = {"red_flags": 0, "caught": 0, "benign": 0, "alarms": 0}
    for short, language, text in read_tsv(SETS / "red_flags.tsv"):
        caught = CATEGORY[short] in {h.category for h in rules.check(text)}
        for key in (language, "all"):
            result[key]["red_flags"] += 1
            result[key]["caught"] += caught
        if not caught:
            result["misses"].append({"category": short, "text": text})
    for language, text in read_tsv(SETS / "benign.tsv"):
        hits = rules.check(text)
        for key in (language, "all"):
            result[key]["benign"] += 1
            result[key]["alarms"] += bool(hits)
        if hits:
            result["false_alarms"].append({"text": text, "rules": [h.rule_id for h in hits]})
    for language in ("en", "ar", "all"):
        row = result[language]
        row["recall"] = row["caught"] / row["red_flags"]
        row["false_alarm_rate"] = row["alarms"] / row["benign"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rules", type=Path, help="rules file to try (default: packaged)")
    args = parser.parse_args()
    result = measure(args.rules)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"rules version {result['rules_version']}")
    for language in ("en", "ar", "all"):
        row = result[language]
        print(
            f"{language:>3}: recall {row['caught']}/{row['red_flags']} = {row['recall']:.1%}   "
            f"false alarms {row['alarms']}/{row['benign']} = {row['false_alarm_rate']:.1%}"
        )
    for miss in result["misses"]:
        print(f"MISSED [{miss['category']}] {miss['text']}")
    for alarm in result["false_alarms"]:
        print(f"FALSE ALARM {alarm['rules']} {alarm['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
