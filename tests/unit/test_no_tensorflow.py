"""The Rasa server without TensorFlow (startup/no_tensorflow.py, issue 22)."""

import subprocess
import sys
from pathlib import Path

from startup import no_tensorflow

ROOT = Path(__file__).resolve().parents[2]


def test_the_projects_config_needs_no_tensorflow_but_diet_or_ted_would(tmp_path):
    assert not no_tensorflow.needed({}, ROOT / "config.yml")
    assert no_tensorflow.needed({"RASA_SERVER_TENSORFLOW": "1"}, ROOT / "config.yml")
    for component in ("DIETClassifier", "TEDPolicy", "ResponseSelector"):
        config = tmp_path / f"{component}.yml"
        part = "policies" if component.endswith("Policy") else "pipeline"
        config.write_text(f"{part}:\n  - name: WhitespaceTokenizer\n  - name: {component}\n    epochs: 1\n")
        assert no_tensorflow.needed({}, config), component
    assert no_tensorflow.needed({}, tmp_path / "missing.yml")  # unreadable: never guess


def test_the_stand_in_serves_what_rasa_does_with_tensorflow_at_import():
    tf = no_tensorflow._StandInModule("tensorflow")

    class Layer(tf.keras.layers.Layer):  # subclassing
        def size(self):
            return 3

    def f(x):
        return x + 1

    assert tf.function(f) is f and tf.function(f)(1) == 2  # a decorator keeps the function
    assert Layer().size() == 3
    assert tf.float32 is not None and tf.Tensor[int] is not None and (tf.Tensor | None) is not None


def test_rasa_and_spacy_import_without_tensorflow_in_a_fresh_process():
    code = (
        "from startup import no_tensorflow\n"
        "assert no_tensorflow.install()\n"
        "import rasa.core.agent, rasa.core.policies.rule_policy, spacy, thinc.compat, tensorflow\n"
        "assert isinstance(tensorflow, no_tensorflow._StandInModule)\n"
        "assert not thinc.compat.has_tensorflow\n"
        "import os\n"
        "rss = [int(l.split()[1]) for l in open(f'/proc/{os.getpid()}/status') if l.startswith('VmRSS')][0]\n"
        "print(rss // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) < 400  # MB; with TensorFlow the same imports took ~560
