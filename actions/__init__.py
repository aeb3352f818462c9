"""Custom actions of the Cyber Protect Assistant (run by `rasa run actions`): the thin Rasa adapter around the pure
domain package `cyberprotect/`."""
# shim: remove after the move (issue 26). The pure modules moved from actions/ to cyberprotect/ by `git mv` (no file
# is left at the old path, so git follows the renames when other branches rebase). Until every import uses the new
# path, `import actions.routing` (and every other old path below) gives the very same module object as
# `import cyberprotect.routing`: private names, monkeypatching and isinstance checks all keep working.
import importlib as _importlib
import importlib.abc as _importlib_abc
import importlib.util as _importlib_util
import sys as _sys

_MOVED = {
    **{f"actions.{m}": f"cyberprotect.{m}" for m in
       ("content_schema", "content_store", "routing", "replies", "questions", "message_facts")},
    "actions.checker": "cyberprotect.checker",
    **{f"actions.checker.{m}": f"cyberprotect.checker.{m}" for m in ("content", "detect", "links", "reply", "signs")},
    **{f"actions.handover.{m}": f"cyberprotect.handover.{m}" for m in
       ("callback", "content", "email_provider", "errors", "hours", "providers", "summary")},
    **{f"actions.rehearsal_{m}": f"cyberprotect.rehearsal.{m}" for m in
       ("engine", "keypoints", "matching", "persona", "questions", "records", "scenarios")},
}


_SPECS: dict = {}


class _MovedModules(_importlib_abc.MetaPathFinder, _importlib_abc.Loader):
    """Answers an old module path with the module at its new path (the same object, imported once)."""

    def find_spec(self, fullname, path=None, target=None):
        return _importlib_util.spec_from_loader(fullname, self) if fullname in _MOVED else None

    def create_module(self, spec):
        module = _importlib.import_module(_MOVED[spec.name])
        _SPECS[module.__name__] = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = _SPECS[module.__name__]  # the import system set the old path's spec: keep the module's own


if not any(isinstance(f, _MovedModules) for f in _sys.meta_path):
    _sys.meta_path.insert(0, _MovedModules())
