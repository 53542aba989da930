"""Score per module from `mutmut results --all true` (read on stdin); exit 1 below 95 %.

Killed, timed out and type-check-caught mutants count as killed; skipped ones are left out;
survivors and mutants no selected test reaches count against the score.
"""
import collections
import sys

GOAL = 95.0


def module_of(name: str) -> str:
    # helpbutton.routing.engine.xǁ_Planǁages_mask__mutmut_3 -> helpbutton.routing.engine
    dotted = name.split("__mutmut_")[0]
    return ".".join(part for part in dotted.split(".") if not part.startswith("x"))


def main() -> int:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    left: list[str] = []
    for line in sys.stdin:
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" not in name:
            continue
        counts[module_of(name)][status] += 1
        if status not in ("killed", "timeout", "caught by type check", "skipped"):
            left.append(f"  {status:<12} {name}")
    below = False
    print(f"{'module':<28} {'killed':>7} {'total':>6} {'score':>7}")
    for module, c in sorted(counts.items()):
        total = sum(c.values()) - c["skipped"]
        killed = c["killed"] + c["timeout"] + c["caught by type check"]
        score = 100 * killed / total if total else 100.0
        below |= score < GOAL
        print(f"{module:<28} {killed:>7} {total:>6} {score:>6.1f}%")
    if left:
        print("\nnot killed (`mutmut show NAME` shows the change; docs/mutation.md says why):")
        print("\n".join(left))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
