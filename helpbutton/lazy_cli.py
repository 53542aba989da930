"""A `flask` command group whose module is imported only when the group is used.

Click's documented pattern for lazily loaded subcommands: the group named on the command line
is made from `module.group` after `module.init_app(app)`; listing the commands (`flask --help`)
imports nothing.
"""
import importlib

import click
from flask.cli import ScriptInfo


class LazyGroup(click.Group):
    def __init__(self, name: str, module: str, help: str) -> None:
        super().__init__(name=name, help=help)
        self.module = module

    def _target(self, parent: click.Context | None) -> click.Command:
        module = importlib.import_module(self.module)
        info = parent.ensure_object(ScriptInfo) if parent is not None else ScriptInfo()
        module.init_app(info.load_app())
        return module.group

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # The real group parses its own options (`flask db -d … upgrade`) and runs.
        return self._target(parent).make_context(info_name, args, parent=parent, **extra)
