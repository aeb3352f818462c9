"""The Rasa server without TensorFlow (issue 22): Rasa 3.6 imports TensorFlow from its core modules (policies,
featurizers, extractors all reach rasa.utils.tensorflow), which cost the server ~360 MB of resident memory and
seconds of start-up, although no component of this pipeline runs it: the intents, entities, safeguarding and
policies are scikit-learn, onnxruntime, lookup tables, patterns and rules (config.yml).

`install()` puts an import hook first on sys.meta_path that serves `tensorflow` (and the TensorFlow add-on packages)
as stand-in modules: any attribute is a stand-in class that can be subclassed, called, indexed or used as a
decorator (the decorated function is kept), which is all Rasa's modules do with TensorFlow at import time. thinc's
probe (`import tensorflow.experimental.dlpack`, by spaCy) is refused, so spaCy sees no TensorFlow, as in the action
server (startup/__main__.py). Nothing computes with the stand-ins: a component that needs TensorFlow (DIET, TED,
ResponseSelector, ...) would fail, so `needed()` keeps the real TensorFlow when config.yml names one, and
RASA_SERVER_TENSORFLOW=1 keeps it whatever the config says.
Measured (4 Dec 2026): the agent loaded in one process 858 -> 510 MB; every non-sealed safeguarding list and
tests/real dev/dev2 (2865 messages) get the same intents, rankings and confidences.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import types
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tensorflow", "tensorflow_addons", "tensorflow_hub", "tensorflow_text", "tensorflow_estimator", "keras")
REFUSED = ("tensorflow.experimental.dlpack",)  # thinc's probe: refused, so spaCy sees no TensorFlow
# Rasa components that compute with TensorFlow: with any of them in config.yml the real TensorFlow is loaded.
TENSORFLOW_COMPONENTS = (
    "DIETClassifier",
    "ResponseSelector",
    "TEDPolicy",
    "UnexpecTEDIntentPolicy",
    "ConveRTFeaturizer",
    "LanguageModelFeaturizer",
)
VERSION = "2.12.0"  # what the stand-in says its version is (Rasa 3.6's pinned TensorFlow)


class _StandInMeta(type):
    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StandIn

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is StandIn:
            if len(args) == 1 and callable(args[0]) and not kwargs:
                return args[0]  # a decorator (@tf.function, @tf.keras.utils.register_keras_serializable()(...))
            return StandIn
        return type.__call__(cls, *args, **kwargs)  # a subclass defined by Rasa (never used for computing here)

    def __getitem__(cls, item: Any) -> Any:
        return StandIn

    def __or__(cls, other: Any) -> Any:
        return StandIn

    __ror__ = __or__


class StandIn(metaclass=_StandInMeta):
    """Any TensorFlow attribute: a class, a function, a decorator, a dtype or a type hint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StandIn


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Optional[importlib.machinery.ModuleSpec]:
        if name in REFUSED:
            raise ImportError(f"{name}: TensorFlow is not loaded in the Rasa server (startup/no_tensorflow.py)")
        if name.split(".")[0] in PACKAGES:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _StandInModule(spec.name)
        module.__path__ = []  # a package: its submodules come from this finder too
        module.__version__ = VERSION
        module.__file__ = __file__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def components_in(config_text: str) -> Iterable[str]:
    import yaml

    config = yaml.safe_load(config_text) or {}
    for part in ("pipeline", "policies"):
        for item in config.get(part) or []:
            if isinstance(item, dict) and item.get("name"):
                yield str(item["name"]).rsplit(".", 1)[-1]


def needed(env: Mapping[str, str], config: Path = ROOT / "config.yml") -> bool:
    """True when the Rasa server must load the real TensorFlow: RASA_SERVER_TENSORFLOW=1, a component of config.yml
    that computes with it, or a config.yml that cannot be read (never guess)."""
    if env.get("RASA_SERVER_TENSORFLOW") == "1":
        return True
    try:
        names = set(components_in(config.read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return True
    return bool(names & set(TENSORFLOW_COMPONENTS))


def install() -> bool:
    """Serve TensorFlow as stand-ins from now on in this process, unless it is already imported; True if done."""
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return True
    if sys.modules.get("tensorflow") is not None:
        return False  # too late: the real one is loaded
    sys.modules.pop("tensorflow", None)
    sys.meta_path.insert(0, _Finder())
    return True


def install_unless_needed(env: Mapping[str, str] = os.environ) -> bool:
    return False if needed(env) else install()
