"""How the tests are handed out to pytest-xdist's workers (``-n auto --dist loadgroup``, pyproject.toml).

Two rules, so that a run on N cores takes about 1/N of the time it takes in one process:

* the tests with an ``xdist_group`` mark run on one worker, one after the other: they read a
  costly build of their own (a fixture leaflet, the wheel, ...), which that worker makes while
  the others go on with other tests, instead of waiting for it;
* the tests marked ``slow`` (and the groups holding one) are handed out first, the largest
  groups first, so that the run ends with short tests on every worker, not with a long one on
  one worker while the others have nothing left to do.

pytest-xdist's own ``loadgroup`` puts a test's group into its node id, which pytest 9 no longer
lets a plugin change, so its groups are silently ignored there.  Here each worker writes, for
every test it collected, its group and whether it is slow, to a file of the run
(:data:`UNITS_VARIABLE` names it), which the scheduler in the controller reads once the workers
have collected; the node ids stay as they are.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from xdist.remote import Producer
    from xdist.scheduler import LoadScopeScheduling

#: the file the workers write their tests' groups to, set by the controller for every worker
UNITS_VARIABLE = "LEAFLET_TEST_UNITS"

#: a test's group (None: a unit of its own) and whether it is slow
Unit = tuple[str | None, bool]


def unit_of(item: pytest.Item) -> Unit:
    marks = item.iter_markers("xdist_group")
    names = {str(mark.args[0] if mark.args else mark.kwargs.get("name", "default")) for mark in marks}
    return ("_".join(sorted(names)) or None, item.get_closest_marker("slow") is not None)


def write_units(items: list[pytest.Item], path: Path) -> None:
    """Every test's unit, by node id (each worker writes the same; the last one stays)."""
    written = path.with_name(f"{path.name}.{os.getpid()}")
    written.write_text(json.dumps({item.nodeid: unit_of(item) for item in items}), encoding="utf-8")
    written.replace(path)


def scheduler(config: pytest.Config, log: Producer, path: Path) -> LoadScopeScheduling:
    """pytest-xdist's scheduling by scope, the scope of a test being its group (or itself),
    the slow scopes first."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupsSlowFirst(LoadScopeScheduling):  # type: ignore[misc]  # pytest-xdist has no type hints
        #: scope -> {node id: done}, in the order the scopes are handed out (LoadScopeScheduling's)
        workqueue: OrderedDict[str, dict[str, bool]]

        def __init__(self) -> None:
            super().__init__(config, log)
            self.units: dict[str, Unit] = {}
            self.ordered = False

        def _split_scope(self, nodeid: str) -> str:
            if not self.units:  # the workers have collected: the file is written
                self.units = {key: (group, slow) for key, (group, slow) in json.loads(path.read_text("utf-8")).items()}
            group, _ = self.units.get(nodeid, (None, False))
            return f"group {group}" if group else nodeid

        def _assign_work_unit(self, node: object) -> None:
            if not self.ordered:  # the queue is complete, ordered by size: the slow ones first
                slow = {scope for scope, tests in self.workqueue.items() if any(self.units[test][1] for test in tests)}
                self.workqueue = OrderedDict(sorted(self.workqueue.items(), key=lambda unit: unit[0] not in slow))
                self.ordered = True
            super()._assign_work_unit(node)

    return GroupsSlowFirst()
